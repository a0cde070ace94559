"""The one compiled module: the reader's hot loops over PDFium (extract/readers/_pdfium_loops.c).
optional=True: where it cannot be built chiso still installs, and the pure-Python loops run."""
from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "extract.readers._pdfium_loops", ["extract/readers/_pdfium_loops.c"],
    # no fused multiply-add: every coordinate the bit that Python's arithmetic gives
    extra_compile_args=["-O2", "-ffp-contract=off"],
    optional=True,
)])
