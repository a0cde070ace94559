"""Mutants of the fixtures for the reader fuzz (tests/test_fuzz.py), deterministic per seed: bytes
flipped, the file cut, random bytes inserted, a chunk repeated; for DOCX also the same inside the
unpacked XML, re-zipped (a raw flip mostly breaks the zip's checksums and never reaches the XML)."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

FIX = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = ["bacgiang_sct_2025-M04.pdf", "dongnai_sct_2023-Q3.pdf", "quangngai_sct_2021-H1.docx",
           "dongnai_sct_2021-H1.docx", "quangngai_sct_2021-H1.doc", "dongnai_sct_2023-Q3.txt", "legacy_vni.txt"]


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    b = bytearray(data)
    how = rng.choice(["flip", "flip", "truncate", "insert", "repeat", "zero"])
    if how == "flip":
        for _ in range(rng.choice([1, 4, 32, 256])):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        b = b[: rng.randrange(1, len(b))]
    elif how == "insert":
        i = rng.randrange(len(b))
        b[i:i] = rng.randbytes(rng.choice([1, 16, 1024]))
    elif how == "repeat":
        i = rng.randrange(len(b))
        n = rng.choice([8, 256, 8192])
        b[i:i] = b[i:i + n] * rng.choice([2, 50])
    else:
        i = rng.randrange(len(b))
        b[i:i + rng.choice([64, 4096])] = bytes(min(len(b) - i, 4096))
    return how, bytes(b)


def mutate_docx_xml(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in src.namelist() if n.endswith(".xml") or n.endswith(".rels")]
    target = rng.choice(["word/document.xml"] * 3 + names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == target:
                how, part = mutate(part, rng)
            z.writestr(info.filename, part)
    return f"xml-{how}:{target}", out.getvalue()


def make_mutants(folder: Path, seeds: range, sources: list[str] = SOURCES) -> list[tuple[Path, str]]:
    """(path, how it was made) for each seed × source."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in sources:
        data = (FIX / name).read_bytes()
        for seed in seeds:
            rng = random.Random(f"{name}:{seed}")
            if name.endswith(".docx") and seed % 2:
                how, mutant = mutate_docx_xml(data, rng)
            else:
                how, mutant = mutate(data, rng)
            path = folder / f"{Path(name).stem}.{seed}{Path(name).suffix}"
            path.write_bytes(mutant)
            out.append((path, f"{name} seed {seed}: {how}"))
    return out
