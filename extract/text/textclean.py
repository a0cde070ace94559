"""Vietnamese text clean-up: one form for every line, and legacy font encodings back to Unicode.

`normalize_line` is what DocumentBuilder applies to every block and cell: NFC, one tone-mark placement
(data/tone_marks.tsv: `hoà` → `hòa`, `thuỷ` → `thủy`), a mark typed on the wrong vowel moved back
(`baó` → `báo`, from underthesea's token map), invisible characters out, runs of spaces to one.
It swaps letters for letters of the same length and never touches digits, `.`, `,` or `%`, so a number
reads the same before and after.

`detect_legacy` / `fix_legacy` handle text typed in the pre-Unicode Vietnamese fonts (TCVN3 "ABC" and
VNI) that reached us decoded as cp1252/latin-1 (`B¸o c¸o`, `Baùo caùo`). The tables are data
(data/legacy_tcvn3.tsv, data/legacy_vni.tsv); the decision is made by counting words that become valid
Vietnamese syllables after conversion, so real Unicode Vietnamese and English are left alone.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parents[1] / "data"


def _tsv(name: str) -> list[tuple[str, str]]:
    rows = []
    with open(DATA / name, encoding="utf-8") as f:
        next(line for line in f if not line.startswith("#"))          # header row
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                a, b = line.split("\t")[:2]
                rows.append((a, b))
    return rows


# ---------------------------------------------------------------- normalize_line

def _case_variants(pairs):
    out = {}
    for old, new in pairs:
        out[old] = new
        out[old.upper()] = new.upper()
        out[old[0].upper() + old[1:]] = new[0].upper() + new[1:]
    return out


_TONES = _case_variants(_tsv("tone_marks.tsv"))


def _tone_pattern(keys) -> regex.Pattern:
    """One character class per position for the keys that share a first letter, so the regex scans
    fast; 'u' keys get the not-after-q guard ('uy' after q is the onset 'qu' + 'y': quý keeps its mark).
    Only at a syllable's end: hoàn, quỳnh are untouched. A match not in the table is left as it is."""
    groups: dict[tuple[str, int], list[set[str]]] = {}
    for k in keys:
        sets = groups.setdefault((k[0].lower(), len(k)), [set() for _ in k])
        for pos, ch in enumerate(k):
            sets[pos].add(ch)
    alts = []
    for (first, _), sets in sorted(groups.items()):
        body = "".join("[" + "".join(sorted(c)) + "]" for c in sets)
        alts.append(("(?<![qQ])" if first == "u" else "") + body)
    # the `regex` engine runs this alternation 4x faster than `re` (every line of every document)
    return regex.compile("(?:" + "|".join(alts) + ")(?![^\\W\\d_])")


_TONE_RE = _tone_pattern(_TONES)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_NBSP = re.compile("[\u00a0\u2007\u202f]")
_SPACES = re.compile(r"[ \t]{2,}|\t")


def _retone(m: re.Match) -> str:
    return _TONES.get(m.group(), m.group())


# A tone mark typed on the wrong vowel (`baì`, `tạị`, `gíáo`, common in OCR output and hand-typed
# text) is fixed from underthesea's token map: the part of it that only moves a mark (same letters,
# same marks, same length), so offsets never move. Each word (run of letters) is looked up in that map.
_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MISPLACED: dict[str, str] | None = None


def _underthesea_token_map() -> dict[str, str]:
    """underthesea's token map, read from its rules file without importing the package (importing
    underthesea loads its models: 60+ MB in every worker process, for a 50 KB map)."""
    import importlib.util
    import os
    import pickle
    try:
        spec = importlib.util.find_spec("underthesea")
        if spec and spec.submodule_search_locations:
            folder = os.path.join(spec.submodule_search_locations[0], "pipeline", "text_normalize")
            with open(os.path.join(folder, "tn_rules_2023_07_14.bin"), "rb") as f:
                return pickle.load(f)["token"]     # joblib's file of plain Python objects is a pickle
    except Exception:
        pass
    try:
        from underthesea.pipeline.text_normalize.text_normalizer import token_map
        return token_map
    except ImportError:   # the map is a refinement: without underthesea the rest still holds
        return {}


def _placement_map() -> dict[str, str]:
    global _MISPLACED
    if _MISPLACED is None:
        def base(w):
            return "".join(c for c in unicodedata.normalize("NFD", w) if c not in _MARKS)
        token_map = _underthesea_token_map()
        _MISPLACED = {k: v for k, v in token_map.items()
                      if k != v and len(k) == len(v) and base(k) == base(v)
                      and sorted(unicodedata.normalize("NFD", k)) == sorted(unicodedata.normalize("NFD", v))}
    return _MISPLACED


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _fix_misplaced(text: str) -> str:
    """Every word of the map replaced by its fix; the text is rewritten only when one occurs (rarely).
    Looked for among the distinct runs of letters, found in one pass."""
    table = _placement_map()
    if table.keys().isdisjoint(_LETTER_RUN.findall(text)):
        return text
    return _LETTER_RUN.sub(lambda m: table.get(m.group(), m.group()), text)


def normalize_line(line: str) -> str:
    """NFC, new-style tone marks, no invisible characters, single spaces; never moves a digit."""
    if not line.isascii():
        line = _NBSP.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", line)))
        line = _TONE_RE.sub(_retone, line)
        line = _fix_misplaced(line)
    return _SPACES.sub(" ", line)


_SEP = "\x1e"      # between pieces: no pattern of normalize_line matches it or reaches across it


def normalize_lines(lines: list[str]) -> list[str]:
    """normalize_line of every line, in one pass over their join (the patterns' per-call cost was most
    of the time on short lines and table cells). A piece holding the separator gets a space there."""
    if not lines:
        return []
    out = normalize_line(_SEP.join(s.replace(_SEP, " ") for s in lines)).split(_SEP)
    if len(out) != len(lines):          # cannot happen (see _SEP); never trade correctness for speed
        return [normalize_line(s) for s in lines]
    return out


# ---------------------------------------------------------------- legacy fonts

def _byte_char(hexbyte: str) -> str:
    b = bytes([int(hexbyte, 16)])
    try:
        return b.decode("cp1252")
    except UnicodeDecodeError:
        return b.decode("latin-1")


_TCVN3 = {_byte_char(h): u for h, u in _tsv("legacy_tcvn3.tsv")}
_TCVN3_TABLE = str.maketrans(_TCVN3)
_VNI = {}
for _seq, _u in _tsv("legacy_vni.tsv"):
    _VNI[_seq] = _u
    _VNI[_seq.upper()] = _u.upper()
    _VNI[_seq[0].upper() + _seq[1:]] = _u.upper()     # a capital base with lowercase modifiers
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

# Words to judge: runs of letters, legacy symbols included (¸ µ ­ « are not \w).
_LEGACY_CHARS = "".join(sorted(set(_TCVN3) | {c for k in _VNI for c in k}))
_WORD = re.compile("(?:[^\\W\\d_]|[" + re.escape(_LEGACY_CHARS) + "])+")
_UPPER_WORD = re.compile(r"[^\W\d_]+")

# A Vietnamese syllable without its tone: onset? nucleus coda? (data/syllable_parts.tsv).
_PARTS: dict[str, list[str]] = {}
for _part, _spelling in _tsv("syllable_parts.tsv"):
    _PARTS.setdefault(_part, []).append(_spelling)


def _alt(part: str) -> str:
    return "|".join(sorted(_PARTS[part], key=len, reverse=True))


_SYLLABLE = re.compile(f"(?:{_alt('onset')})?(?:{_alt('nucleus')})(?:{_alt('coda')})?")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_syllable_cache: dict[str, bool] = {}


def _is_syllable(word: str) -> bool:
    hit = _syllable_cache.get(word)
    if hit is None:
        parts = unicodedata.normalize("NFD", word.lower())
        tones = sum(c in _TONE_MARKS for c in parts)
        bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        hit = tones <= 1 and _SYLLABLE.fullmatch(bare) is not None
        if len(_syllable_cache) < 200_000:
            _syllable_cache[word] = hit
    return hit


def _tcvn3(text: str) -> str:
    out = text.translate(_TCVN3_TABLE)
    # .VnTimeH capitals reuse the lowercase codes: a converted letter in an all-caps line (I. CÔNG TÁC),
    # or in a word whose other letters are capitals (B¸O → BÁO), was a capital.
    if out == text:
        return out
    return "\n".join(_caps_line(line, src) for line, src in zip(out.split("\n"), text.split("\n")))


def _caps_line(line: str, src: str) -> str:
    # only words that hold a converted letter: codes like BC-SCT say nothing about the font
    ascii_letters = [c for w in _WORD.findall(src) if not w.isascii() for c in w if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters):
        return line.upper()
    return _UPPER_WORD.sub(_upper_if_caps, line)


def _upper_if_caps(m: re.Match) -> str:
    w = m.group()
    if sum(c.isupper() for c in w) >= 2 and all(not c.isascii() for c in w if c.islower()):
        return w.upper()
    return w


def _vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: _VNI[m.group()], text)


_CONVERTERS = {"tcvn3": _tcvn3, "vni": _vni}
_SAMPLE = 50_000        # characters enough to decide
_QUICK_SAMPLE = 5_000   # ... and enough to see a Unicode text is one
# Letters only Unicode Vietnamese has (no legacy font decoded as cp1252 yields them): many of them and
# the text is already Unicode.
_UNICODE_VI = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_HIGH = re.compile("[^\x00-\x7f]")


def _score(words: list[str]) -> int:
    return sum(_is_syllable(w) for w in words)


def _plainly_unicode(sample: str) -> bool:
    vi = len(_UNICODE_VI.findall(sample))
    return vi >= 20 and vi >= 0.3 * len(_HIGH.findall(sample))


def detect_legacy(text: str) -> str | None:
    """'tcvn3' or 'vni' when the text reads as Vietnamese only after conversion, else None.

    Only words holding a non-ASCII character are judged. A legacy text has most of them invalid as
    they stand and valid once converted; real Unicode Vietnamese is already valid, English words with
    accents (café, naïve) are valid neither way.
    """
    if _plainly_unicode(text[:_QUICK_SAMPLE]):     # most texts show it on their first page
        return None
    sample = text[:_SAMPLE]
    if sample.isascii() or _plainly_unicode(sample):
        return None
    words = [w for w in _WORD.findall(sample) if not w.isascii()]
    if not words:
        return None
    before = _score(words)
    best, best_score = None, 0
    for name, conv in _CONVERTERS.items():
        after = _score([conv(w) for w in words])
        if after > best_score:
            best, best_score = name, after
    if best is None or best_score < 2 or best_score < 0.5 * len(words) or best_score < 2 * before + 2:
        return None
    return best


def vietnamese_score(text: str) -> int:
    """How many words with a non-ASCII letter are Vietnamese syllables (first 50k characters); used to
    choose between decodings of the same bytes."""
    return _score([w for w in _WORD.findall(text[:_SAMPLE]) if not w.isascii()])


def fix_legacy(text: str) -> tuple[str, str | None]:
    """(converted text, encoding name) or (text, None) when it is not legacy-encoded."""
    enc = detect_legacy(text)
    if enc is None:
        return text, None
    return _CONVERTERS[enc](text), enc


def to_legacy(text: str, encoding: str) -> str:
    """Inverse of the conversion (Unicode → legacy characters as cp1252 shows them); for tests and fixtures."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        inv = {u: c for c, u in _TCVN3.items()}
        # capitals without a code of their own are written with the lowercase code (the .VnTimeH way)
        return "".join(inv.get(ch) or inv.get(ch.lower()) or ch for ch in text)
    lower = {u: seq for seq, u in _tsv("legacy_vni.tsv")}
    out = []
    for ch in text:
        if ch in lower:
            out.append(lower[ch])
        elif ch.lower() in lower and ch.lower() != ch:
            out.append(lower[ch.lower()].upper())
        else:
            out.append(ch)
    return "".join(out)
