"""Engines timed in turn: the one timing loop of bench/read_speed.py and bench/real_pdf.py.

Each round runs every engine over all the inputs, in this process, and takes its CPU seconds
(`time.process_time`); the order of the engines alternates from round to round. A busy moment of the
shared machine then hits every engine alike, and the median over the rounds is the number to read.
"""
from __future__ import annotations

import statistics
import time
from typing import Callable, Sequence

Engine = tuple[str, Callable[[object], int]]     # (name, fn(input) -> pages read)


def bare_pdfium(path) -> int:
    """The reference engine of both benches: pypdfium2 alone, each page's text (pages read)."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def interleaved(engines: Sequence[Engine], inputs: Sequence, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """({engine: pages per CPU-second of each round}, {engine: pages of one round})."""
    for _, fn in engines:                         # imports and first-call costs out of the timing
        fn(inputs[0])
    speeds: dict[str, list[float]] = {name: [] for name, _ in engines}
    pages: dict[str, int] = {}
    for r in range(rounds):
        for name, fn in (engines if r % 2 == 0 else engines[::-1]):
            t0 = time.process_time()
            n = sum(fn(p) for p in inputs)
            speeds[name].append(n / max(time.process_time() - t0, 1e-9))
            pages[name] = n
    return speeds, pages


def table(speeds: dict[str, list[float]], base: str) -> str:
    """A Markdown table of the medians, min – max and the ratio to the engine `base`."""
    ref = statistics.median(speeds[base])
    out = [f"| engine | pages / CPU-s (median) | min – max | vs {base} |", "|---|---|---|---|"]
    for name, s in speeds.items():
        m = statistics.median(s)
        out.append(f"| {name} | {m:,.0f} | {min(s):,.0f} – {max(s):,.0f} | {m / ref:.2f} |")
    return "\n".join(out)
