"""Provinces, periods, one value per document and indicator, the cross-province table, storage."""
