"""One value per document and indicator, the cross-province table, the DuckDB store, exports."""
