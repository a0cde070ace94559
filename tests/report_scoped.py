"""Reports written for the review page's browser test: two provinces, figures of the report's own
subject and of two levels (the sở together, cấp xã), quarterly and monthly periods (a month and a
quarter ending on one day), and two departments of one province stating different rates for one
quarter. `write(folder)` writes them as TXT files; `EXPECTED` is what each states."""
from __future__ import annotations

from pathlib import Path

HEAD = """{committee}
{office}
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{place}, ngày {day} tháng {month} năm 2024

BÁO CÁO
Kết quả thực hiện công tác cải cách hành chính {period_words}

Kính gửi: {to}.

{who} báo cáo kết quả công tác cải cách hành chính {period_words} như sau:
1. Kết quả giải quyết thủ tục hành chính
"""
OWN = "Toàn tỉnh tiếp nhận {received} hồ sơ, tỷ lệ giải quyết đúng hạn đạt {rate}.\n"
PROVINCIAL = "Các sở, ban, ngành đã tiếp nhận {received} hồ sơ, giải quyết đúng hạn đạt {rate}.\n"
COMMUNE = "Tổng số hồ sơ cấp xã đã tiếp nhận là {received} hồ sơ, tỷ lệ giải quyết đúng hạn đạt {rate}.\n"
DEPARTMENT = "Trong kỳ, {who} đã tiếp nhận {received} hồ sơ, tỷ lệ giải quyết đúng hạn đạt {rate}.\n"
TAIL = """
Nơi nhận:
- Như trên;
{signer_title}
Nguyễn Văn An
"""

PERIOD_WORDS = {"2024-Q1": ("quý I năm 2024", 5, 4), "2024-Q2": ("quý II năm 2024", 5, 7),
                "2024-M06": ("tháng 6 năm 2024", 3, 7)}

# (file, province, agency, period, {scope: (received, on-time rate)}); scope None = the report's own
EXPECTED = [
    ("hagiang_ubnd_2024-Q1.txt", "Hà Giang", "UBND tỉnh", "2024-Q1",
     {None: (25255, 97.5), "provincial": (18240, 98.7), "commune": (7015, 91.2)}),
    ("hagiang_ubnd_2024-Q2.txt", "Hà Giang", "UBND tỉnh", "2024-Q2",
     {None: (26100, 96.4), "provincial": (19020, 98.1), "commune": (7080, 90.5)}),
    ("hagiang_ubnd_2024-M06.txt", "Hà Giang", "UBND tỉnh", "2024-M06",
     {None: (8840, 95.25), "commune": (2410, 89.6)}),
    ("ninhbinh_ubnd_2024-Q1.txt", "Ninh Bình", "UBND tỉnh", "2024-Q1",
     {None: (31200, 99.1), "provincial": (20400, 99.4), "commune": (10800, 98.2)}),
    ("ninhbinh_ubnd_2024-Q2.txt", "Ninh Bình", "UBND tỉnh", "2024-Q2",
     {None: (32050, 98.8), "commune": (11020, 97.9)}),
    ("hagiang_snv_2024-Q2.txt", "Hà Giang", "Sở Nội vụ", "2024-Q2", {None: (412, 96.0)}),
    ("hagiang_stp_2024-Q2.txt", "Hà Giang", "Sở Tư pháp", "2024-Q2", {None: (1288, 99.0)}),
]


def _vn(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", ".")
    return f"{v}".replace(".", ",")


def text(province: str, agency: str, period: str, figures: dict) -> str:
    words, day, month = PERIOD_WORDS[period]
    committee = "ỦY BAN NHÂN DÂN TỈNH " + province.upper()
    if agency == "UBND tỉnh":
        office, number, who, to, sign = "", "101/BC-UBND", f"Ủy ban nhân dân tỉnh {province}", "Bộ Nội vụ", \
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    else:
        code = "SNV" if agency == "Sở Nội vụ" else "STP"
        office, number, who, to, sign = agency.upper(), f"55/BC-{code}", agency, "Ủy ban nhân dân tỉnh", "GIÁM ĐỐC"
    out = HEAD.format(committee=committee if agency == "UBND tỉnh" else "UBND TỈNH " + province.upper(),
                      office=office, number=number, place=province, day=day, month=month,
                      period_words=words, to=to, who=who)
    for scope, (received, rate) in figures.items():
        if scope is None:
            line = OWN if agency == "UBND tỉnh" else DEPARTMENT
        else:
            line = PROVINCIAL if scope == "provincial" else COMMUNE
        out += line.format(received=_vn(received), rate=_vn(rate) + "%", who=who)
    return out + TAIL.format(signer_title=sign)


# a cover letter: a document of the archive with no figure, listed apart from the table's reports
COVER = ("ninhbinh_ubnd_2024-Q1_cong-van.txt", """ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
Số: 102/UBND-VP
V/v gửi báo cáo cải cách hành chính quý I năm 2024
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ninh Bình, ngày 06 tháng 4 năm 2024

Kính gửi: Bộ Nội vụ.

Ủy ban nhân dân tỉnh Ninh Bình gửi kèm theo Công văn này báo cáo kết quả công tác cải cách hành chính
quý I năm 2024 của tỉnh để Bộ Nội vụ tổng hợp.
Trân trọng./.
""")


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, province, agency, period, figures in EXPECTED:
        p = folder / name
        p.write_text(text(province, agency, period, figures), encoding="utf-8")
        paths.append(p)
    (folder / COVER[0]).write_text(COVER[1], encoding="utf-8")
    return paths + [folder / COVER[0]]
