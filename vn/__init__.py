"""What every stage knows of Vietnamese and of Vietnam's administration, below them all: the matching
copy of a text (fold), reporting periods (periods) and provinces with the 2025 merger (provinces), with
the reader of their data files (datafile). It imports nothing else of chiso, so extract/ and
normalize/ both use it without one reaching into the other."""
