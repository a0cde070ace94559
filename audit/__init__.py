"""Consistency checks inside one report and across reports."""
