"""Files through the stages: one file into its JSON Lines record (batch.files), many files into the
store by worker processes or a Dask cluster (batch.run). Above extract/, audit/ and normalize/, below
pipeline.py, which re-exports the file-level functions as its Python API."""
