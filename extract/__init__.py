"""Reading reports and pulling figures, metadata and references out of them."""

# Bumped whenever a rule or a reader changes what is extracted: the store re-ingests a file whose
# stored extractor version differs.
EXTRACTOR_VERSION = "0.2.1"   # 0.2.1: every indicator has its own period (null: the document's), with its
#   first and last day; figures of other periods (cùng kỳ, lũy kế, an earlier year) are kept with theirs
# 0.2.0: every indicator has its scope (level, unit); provincial-report phrasings,
#   appendix and steering-committee metadata, references with slashes and a date before them
# 0.1.1: PDF table cells from PDFium (stacked marks kept whole), rows cut by a page
#   break joined, footnotes out of the flow; shares above 100% dropped
