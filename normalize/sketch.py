"""A document's word 3-grams, and their sketch: what tells, without reading a text, which reports of its
group a document may be a copy of (normalize.copies).

shingles(text): the word 3-grams (letters and digits, folded) as a sorted array of distinct 64-bit
hashes. A word's hash is blake2b of its folded form, the same in every process, so a worker computes
the sketch of a document when it reads it (batch.run) and the driver compares stored sketches.

sketch(grams): the top 32 bits of the 3-gram hashes (taken unsigned) that fall in the lowest quarter
of the range: a consistent sample, the same 3-grams in every text that has them. Two texts' common
3-grams are then at most the sketch values they share plus the 3-grams outside the smaller remainder
(|A| - |sketch A|, |B| - |sketch B|): a 3-gram both have that falls in the quarter is in both sketches.
copies.same_report joins a text without a period to another at a Jaccard >= 0.9 (at least 0.9 / 1.9 of
both sizes in common) or as a fragment (0.9 of the smaller in common); a pair whose bound is lower is
never compared, so comparing sketches never misses a pair (a prefix filter with counting: Chaudhuri
et al. 2006, Bayardo et al. 2007). A pair that shares no sketch value can reach the bound only when
one text has no more sketch values than a tenth of its 3-grams (not `covered`: tiny texts); those are
paired with every document without a period. The pairs let through are compared on their full
3-grams, so the groups are exactly those of comparing every pair. A sketch is about n bytes for n
3-grams (the compressed text: ~2 bytes a 3-gram).
"""
from __future__ import annotations

import hashlib
import re

from vn.fold import fold

SHARE = 0.9                 # the least Jaccard and containment a sketch must not miss
COVER_TOP = 1 << 30         # top 32 bits below this: the lowest quarter of the unsigned 64-bit range
_WORD = re.compile(r"[^\W_]+")
_WORD_FAST = re.compile(r"\w+")
_MIX = 1_000_003
_WORD_HASH: dict[str, int] = {}      # a word as written -> the hash of its folded form
_WORD_HASH_MAX = 500_000


def _word_hash(w: str) -> int:
    folded = w if w.isascii() and w.isdigit() else fold(w)       # a number folds to itself
    return int.from_bytes(hashlib.blake2b(folded.encode(), digest_size=8).digest(), "little", signed=True)


def shingles(text: str, n: int = 3):
    """The text's word n-grams (folded) as a sorted numpy array of distinct 64-bit hashes (each the hash of
    its words' hashes). Words are found in the text as written and folded one distinct word at a time
    (vn.fold maps a character to one character and works within words, so the words are those of the
    folded text), their hashes kept across texts; sorted arrays are compared in C."""
    import numpy as np
    text = text or ""
    words = (_WORD if "_" in text else _WORD_FAST).findall(text)     # the same words where no "_" is
    if len(words) < n:
        return np.empty(0, dtype=np.int64)
    known = _WORD_HASH
    if len(known) > _WORD_HASH_MAX:
        known.clear()
    for w in set(words).difference(known):
        known[w] = _word_hash(w)
    h = np.array([known[w] for w in words], dtype=np.int64)
    key = h[:len(words) - n + 1].copy()
    for i in range(1, n):
        key = key * _MIX + h[i:len(words) - n + 1 + i]      # wraps around at 64 bits, as a hash may
    key.sort()
    return key[np.concatenate(([True], key[1:] != key[:-1]))]      # distinct (np.unique: 5x slower here)


def sketch(grams) -> bytes:
    """The sketch of a sorted array of distinct 3-gram hashes (see the module's docstring), as bytes of
    sorted distinct uint32."""
    import numpy as np
    u = grams.view(np.uint64)
    return np.unique((u[u < np.uint64(COVER_TOP << 32)] >> np.uint64(32)).astype(np.uint32)).tobytes()


def text_sketch(text: str) -> tuple[int, bytes]:
    """(how many distinct 3-grams, their sketch) of a text: what the store keeps beside it."""
    grams = shingles(text)
    return len(grams), sketch(grams)


def values(blob: bytes | None):
    import numpy as np
    return np.frombuffer(blob or b"", dtype=np.uint32)


def covered(n: int, values) -> bool:
    """More sketch values than the 3-grams a text may lack and still be one report with another (a tenth,
    and a little slack for rounding): such a text shares a sketch value with every text it may be one
    report with."""
    return len(values) > (1 - SHARE) * n + 3


def common(a, b) -> int:
    """How many values two sorted arrays of distinct values share."""
    import numpy as np
    if not len(a) or not len(b):
        return 0
    if len(a) > len(b):
        a, b = b, a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))
