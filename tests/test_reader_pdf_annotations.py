"""Signed PDFs: the number and day a signature stamps into the header (`Số: 329`, `ngày 19`) live in
annotations, which PDFium's text page leaves out; the reader draws them into the page first."""
from pathlib import Path

import pytest

import pipeline

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def signed_pdf(path: Path, fields: bool = True) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("DejaVu", 12)
    for x, y, t in ((60, 780, "UBND TỈNH ĐỒNG NAI"), (60, 760, "Số:          /BC-UBND"),
                    (300, 760, "Đồng Nai, ngày       tháng 12 năm 2024"), (250, 720, "BÁO CÁO"),
                    (120, 700, "Kết quả giải quyết thủ tục hành chính năm 2024"),
                    (60, 660, "Trong năm 2024, toàn tỉnh đã tiếp nhận 12.345 hồ sơ thủ tục hành chính.")):
        c.drawString(x, y, t)
    if fields:   # what a signing tool adds over the blanks, and a stamp of its own below the text
        style = dict(borderWidth=0, fontName="Helvetica", fontSize=12, fillColor=None, borderColor=None)
        c.acroForm.textfield(name="so", value="329", x=85, y=756, width=40, height=16, **style)
        c.acroForm.textfield(name="ngay", value="19", x=390, y=756, width=28, height=16, **style)
        c.acroForm.textfield(name="stamp", value="Signed by Nguyen Van An", x=300, y=500, width=200, height=16, **style)
    c.showPage()
    c.save()
    return path


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_number_and_day_in_annotations_are_read(tmp_path):
    plain = pipeline.extract_file(signed_pdf(tmp_path / "draft.pdf", fields=False))
    assert (plain["meta"]["doc_number"], plain["meta"]["issue_date"]) == ("/BC-UBND", None)
    rec = pipeline.extract_file(signed_pdf(tmp_path / "signed.pdf"), keep_text=True)
    assert (rec["meta"]["doc_number"], rec["meta"]["issue_date"]) == ("329/BC-UBND", "2024-12-19")
    lines = rec["text"].splitlines()
    assert "Số: 329/BC-UBND Đồng Nai, ngày 19 tháng 12 năm 2024" in lines
    assert "Signed by Nguyen Van An" in lines          # an annotation on no line of the page: a line of its own
    # the figures are the same as without the annotations
    assert [(m["indicator"], m["value"]) for m in rec["indicators"]] == \
        [(m["indicator"], m["value"]) for m in plain["indicators"]] == [("dossiers_received", 12345)]


def linked_pdf(path: Path, link: bool = True) -> Path:
    """A report line with a web address made a link (an annotation without an appearance)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("DejaVu", 12)
    c.drawString(60, 700, "Trong năm 2024, toàn tỉnh đã tiếp nhận 12.345 hồ sơ thủ tục hành chính.")
    c.drawString(60, 680, "Chi tiết xem tại: dichvucong.dongnai.gov.vn")
    if link:
        c.linkURL("https://dichvucong.dongnai.gov.vn", (160, 676, 330, 692), relative=0, thickness=0)
    c.showPage()
    c.save()
    return path


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_a_page_with_links_only_is_not_flattened_and_reads_as_without_them(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from extract.readers import read_document
    from extract.readers.pdf import _flattened
    pdf = pdfium.PdfDocument(str(linked_pdf(tmp_path / "linked.pdf")))
    page, rects = _flattened(pdf, 0, raw)
    # the page as loaded: its link is still there (a flattened page has none), its rectangle kept
    assert raw.FPDFPage_GetAnnotCount(page.raw) == 1
    assert rects == [pytest.approx((160, 676, 330, 692), abs=0.5)]
    page.close()
    pdf.close()
    linked = read_document(tmp_path / "linked.pdf", ocr="never")
    plain = read_document(linked_pdf(tmp_path / "plain.pdf", link=False), ocr="never")
    assert linked.text == plain.text and "Chi tiết xem tại: dichvucong.dongnai.gov.vn" in linked.text
    assert [(b.kind, b.start, b.end) for b in linked.blocks] == [(b.kind, b.start, b.end) for b in plain.blocks]
