"""The review report: one self-contained HTML page built from the DuckDB store (`chiso report`)."""
from report.build import build_report, collect, render

__all__ = ["build_report", "collect", "render"]
