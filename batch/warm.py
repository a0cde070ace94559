"""Imported by the worker pools' fork server (batch.run.PRELOAD): loads what the extractor loads
lazily on its first file (the PDF/DOCX libraries, the language data behind the rules) by extracting one
small report held here. Every worker forked afterwards starts warm and shares those pages with the
others (copy-on-write) instead of each loading its own copy, and the per-file time limit measures the
file, not the first file's imports."""
from __future__ import annotations


def warm() -> None:
    import docx  # noqa: F401
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    from vn import units
    units.available()          # the unit list (vn.units), read once here rather than in every worker

    from extract.readers.txt import read_txt
    from batch.files import extract_document
    text = ("UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG\nSố: 12/BC-SCT\nĐồng Nai, ngày 15 tháng 6 năm 2024\n\n"
            "BÁO CÁO\nKết quả công tác cải cách hành chính 6 tháng đầu năm 2024\n\n"
            "Căn cứ Kế hoạch số 15/KH-UBND ngày 10/01/2024 của UBND tỉnh.\n\n"
            "Sở đã tiếp nhận 1.234 hồ sơ, đã giải quyết 1.200 hồ sơ, đạt tỷ lệ 99,5% đúng hạn; "
            "tỷ lệ hài lòng đạt 98%. Kế hoạch năm 2025: tối thiểu 95% hồ sơ trực tuyến.\n\n"
            "STT\tChỉ tiêu\tSố lượng\n1\tHồ sơ tiếp nhận\t1.234\n2\tHồ sơ trực tuyến\t1.100\n")
    extract_document(read_txt("warm.txt", text.encode("utf-8"), ""))


try:
    warm()
except Exception:       # warming is an optimisation: a failure here must not stop the pool
    pass
