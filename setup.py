"""The one compiled module: the reader's hot loops over PDFium (extract/readers/_pdfium_loops.c and the two
files beside it).
optional=True: where it cannot be built chiso still installs, and the pure-Python loops run."""
from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "extract.readers._pdfium_loops",
    ["extract/readers/_pdfium_loops.c", "extract/readers/_pdfium_text.c", "extract/readers/_grid.c"],
    depends=["extract/readers/_pdfium_loops.h"],
    # no fused multiply-add: every coordinate the bit that Python's arithmetic gives; only PyInit exported
    extra_compile_args=["-O2", "-ffp-contract=off", "-fvisibility=hidden"],
    optional=True,
)])
