"""Small .docx and .pdf documents written at test time (python-docx, fpdf2), so no binary
fixtures are committed. The PDF font is the one CI installs (fonts-wqy-microhei)."""

from __future__ import annotations

from pathlib import Path

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

DOCX_NOTE = (
    "“数字乡村”：指伴随网络化、信息化和数字化在农业农村经济社会发展中的应用而形成的乡村发展模式。"
)
DOCX_NOTE2 = (
    "“益农信息社”：在行政村建设的为农民提供公益服务、便民服务、电子商务和培训体验服务的站点。"
)


def write_docx(path: Path) -> Path:
    """A notice: title, a paragraph, a numbered list, a bullet, a table, a glossary whose
    notes are a Word numbered list."""
    import docx

    d = docx.Document()
    d.add_heading("关于推进数字乡村建设的通知", level=1)
    d.add_paragraph("各县（市、区）人民政府：为加快数字乡村建设，现就有关事项通知如下。")
    d.add_paragraph("建设益农信息社，实现行政村全覆盖。", style="List Number")
    d.add_paragraph("推广智慧农机，提高农业生产效率。", style="List Number")
    d.add_paragraph("加强农村网络安全保障。", style="List Bullet")
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate(
        [("指标", "目标"), ("行政村通宽带比例", "100%"), ("益农信息社", "2000个")]
    ):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.add_heading("名词解释", level=2)
    d.add_paragraph(DOCX_NOTE, style="List Number 2")
    d.add_paragraph(DOCX_NOTE2, style="List Number 2")
    d.save(str(path))
    return path


PDF_PAGE1 = (
    "开春以来，全市各地抢抓农时，开展春耕生产。农业部门组织技术人员下乡指导，帮助农民解决"
    "难题，确保粮食播种面积稳定在三百万亩以上，全年粮食总产量力争再创新高。"
)
PDF_LEFT = (
    "左栏：数字乡村建设稳步推进，益农信息社已经覆盖全市所有行政村，农民足不出村就能办理各项业务。"
)
PDF_RIGHT = "右栏：智慧农机推广应用面积达到五十万亩，无人机植保每亩节约成本近百元，农民增收明显。"
PDF_NOTE = "1.“吨半粮”：指一年两季粮食亩产达到一吨半，也就是1500公斤。"


def write_pdf(path: Path) -> Path:
    """Two A4 pages: a headline and a paragraph wrapped over several lines; then a page in two
    columns under a headline spanning both, and a glossary note below them."""
    from fpdf import FPDF

    if not CJK_FONT.exists():
        raise RuntimeError(f"{CJK_FONT} is missing: apt-get install -y fonts-wqy-microhei")
    pdf = FPDF()
    pdf.add_font("wqy", fname=str(CJK_FONT))
    pdf.set_font("wqy", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 7, "春耕生产全面展开", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 7, PDF_PAGE1, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 7, "数字乡村与智慧农业齐头并进的一年回顾", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 4
    pdf.set_xy(10, y)
    pdf.multi_cell(85, 7, PDF_LEFT)
    bottom = pdf.get_y()
    pdf.set_xy(110, y)
    pdf.multi_cell(85, 7, PDF_RIGHT)
    pdf.set_xy(10, max(bottom, pdf.get_y()) + 8)
    pdf.multi_cell(0, 7, "名词解释", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 7, PDF_NOTE, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
