"""The readers' one exception, in a module of its own: each reader raises it and the package's
read_document (extract/readers/__init__.py, which imports the readers) offers it, so no reader imports
the package that imports it."""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read; the message is one line a person understands. `format` is what the
    content showed the file to be (pdf, docx, doc), when that much was known."""

    def __init__(self, message: str, format: str | None = None):
        super().__init__(message)
        self.format = format
