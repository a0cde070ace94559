"""The compiled loops over PDFium (_pdfium_loops.c), handed pypdfium2's function addresses once.

`loops` is None where the extension was not built (optional in setup.py): pdf_tables.py and pdf_page.py
then run the same loops in Python, one ctypes call per question (tests/test_pdfium_c.py compares both).
"""
from __future__ import annotations

import ctypes
import importlib

_FUNCS = ("FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFFormObj_CountObjects", "FPDFFormObj_GetObject",
          "FPDFPageObj_GetType", "FPDFPageObj_GetMatrix", "FPDFPath_CountSegments", "FPDFPath_GetPathSegment",
          "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose",
          "FPDFText_GetCharBox", "FPDFText_GetCharOrigin", "FPDFText_GetBoundedText", "FPDFText_CountChars",
          "FPDFText_GetUnicode")


def _load():
    try:        # by name: the compiled module is not a source file the layer checks know
        m = importlib.import_module("extract.readers._pdfium_loops")
    except ImportError:
        return None
    import pypdfium2.raw as raw
    try:
        m.init(tuple(ctypes.cast(getattr(raw, f), ctypes.c_void_p).value for f in _FUNCS),
               (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_SEGMENT_MOVETO))
    except (AttributeError, ValueError):      # a module built from another version of this file
        return None
    return m


loops = _load()


def address(handle) -> int:
    """The address a pypdfium2 raw handle (a ctypes pointer) holds."""
    return ctypes.cast(handle, ctypes.c_void_p).value
