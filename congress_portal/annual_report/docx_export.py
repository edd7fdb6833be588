"""The annual report as a Word document (python-docx), for staff to hand-edit the final text.

Same content as the PDF (report_data): chapter headings, the staff's text (paragraphs, lists, bold and
italic kept), figures as lines, tables as Word tables, charts as pictures (PNG: Word has no SVG).
"""

import io
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from . import build, charts


class _Narrative(HTMLParser):
    """The sanitised narrative HTML (services.ALLOWED_TAGS) written into the document as paragraphs."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.bold = self.italic = self.underline = 0
        self.lists = []

    def _new(self, style=None):
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "blockquote"):
            self._new()
        elif tag in ("h3", "h4"):
            self._new("Heading 3" if tag == "h3" else "Heading 4")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self._new("List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag):
        if tag in ("p", "blockquote", "h3", "h4", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag == "u":
            self.underline -= 1

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        paragraph = self.paragraph or self._new()
        run = paragraph.add_run(data)
        run.bold = self.bold > 0 or None
        run.italic = self.italic > 0 or None
        run.underline = self.underline > 0 or None


def render_docx(year, *, data=None):
    """The report as .docx bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    from congress_portal.organization.names import congress_name
    from congress_portal.reports.letterhead import letterhead_values

    head = letterhead_values()
    data = build.report_data(year, with_charts=False) if data is None else data
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(28)
    section.left_margin, section.right_margin = Mm(26), Mm(24)
    for style_name, font in (("Normal", head["body_font"]), ("Heading 1", head["heading_font"]),
                             ("Heading 2", head["heading_font"]), ("Heading 3", head["heading_font"])):
        style = document.styles[style_name]
        style.font.name = font
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    document.styles["Normal"].font.size = Pt(14)
    red = RGBColor.from_string(head["colour"].lstrip("#").upper())

    letterhead = document.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = letterhead.add_run(head["header_text"])
    run.bold, run.font.size, run.font.color.rgb = True, Pt(26), red
    title = document.add_heading(_("Work report of the standing committee, %(year)s") % {"year": year}, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = document.add_paragraph(congress_name())
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for chapter in data:
        document.add_heading(f"{build._numeral(chapter['number'])}、{chapter['title']}", level=2)
        if chapter["text"]:
            parser = _Narrative(document)
            parser.feed(chapter["text"])
            parser.close()
        for block in chapter["sections"]:
            document.add_heading(str(block["title"]), level=3)
            for figure in block["figures"]:
                line = document.add_paragraph(style="List Bullet")
                line.add_run(f"{figure['label']}：")
                line.add_run(f"{figure['value']}{figure['unit']}").bold = True
                if figure["previous"]:
                    line.add_run(f"（{figure['previous']}）")
            for drawn in block["charts"]:
                document.add_picture(io.BytesIO(charts.chart_png(drawn["chart"])), width=Mm(150))
                caption = document.add_paragraph(str(drawn["title"]))
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for table in block["tables"]:
                document.add_paragraph(str(table["title"]))
                grid = document.add_table(rows=1, cols=len(table["columns"]))
                grid.style = "Table Grid"
                for cell, column in zip(grid.rows[0].cells, table["columns"]):
                    cell.text = str(column)
                for row in table["rows"]:
                    cells = grid.add_row().cells
                    for cell, value in zip(cells, row):
                        cell.text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
