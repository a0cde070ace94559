"""What PDFium writes into the text it returns, shared by the PDF text (pdf.py) and its table cells
(pdf_tables.py): a module of its own so that neither of the two imports the other."""

# PDFium joins a line ending in "-" to the next and marks the hyphen U+FFFE (older builds: U+0002); in
# Vietnamese that hyphen is nearly always a real one (QĐ-\nUBND, 2021-\n2025), so it is kept as "-"
HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})
