"""Write the Word templates of the IMY notification (templates/imy-notification.{sv,en}.docx) and of
the four reports to CERT-SE (templates/cert-se-<report>.{sv,en}.docx).

The templates hold Jinja tags that docxtpl fills from the same view model as the HTML and Markdown
templates, with the same prose, in the same order. The .docx files are committed; this script is how
they are made and reviewed, and running it again gives the same bytes. An organisation that wants
its own layout edits a copy in Word and puts it in its BREACHREPORT_TEMPLATES folder.

    .venv/bin/python scripts/make_docx_templates.py
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from breachreport.documents.word import fixed_zip_times  # noqa: E402

TEMPLATES = ROOT / "templates"
MADE_AT = datetime(2024, 1, 1, tzinfo=UTC)  # a fixed date, so that the bytes do not change

INK = RGBColor(0x11, 0x11, 0x11)
GREY = RGBColor(0x44, 0x44, 0x44)
RED = RGBColor(0xA0, 0x00, 0x18)

# The prose of each language, word for word as in imy-notification.{lang}.html.j2.
PROSE: dict[str, dict[str, str]] = {
    "sv": {
        "language": "sv-SE",
        "title": "Anmälan av personuppgiftsincident till IMY",
        "filed": "{{ filing.kind_label }} nr {{ filing.seq }}, inlämnad till IMY {{ filing.filed_at }}.",
        "case_number": "IMY:s diarienummer: ",
        "missing_lower": "saknas",
        "draft_made": "Utkast, skapat {{ footer.generated_at }}.",
        "draft": "UTKAST – INTE SKICKAT TILL IMY. Detta är ett arbetsutkast. Uppgifterna kan "
        "ändras innan anmälan görs i IMY:s e-tjänst.",
        "caution_head": "Allmän handling.",
        "caution": " Allt som skickas till IMY blir en allmän handling som vem som helst kan "
        "begära att få läsa, om inte en sekretessregel gäller. Skicka inte listor över de "
        "berörda personerna och inte fler personuppgifter än som behövs. Ange i sista fältet "
        "(J, Övrigt) vilka uppgifter ni anser omfattas av sekretess och varför.",
        "deadline_title": "Fristen på 72 timmar (art. 33.1)",
        "deadline_unknown": "Tidpunkten då ni fick kännedom om incidenten är inte angiven, så "
        "fristen på 72 timmar kan inte beräknas.",
        "first_rule": "72-timmarsregeln gäller den första anmälan; kompletteringar lämnas utan "
        "onödigt dröjsmål.",
        "aware": "Kännedom om incidenten: {{ deadline.aware_at }}",
        "deadline": "Frist, 72 timmar efter kännedomen: {{ deadline.deadline }}",
        "first_filed": "Den första anmälan gjordes: {{ deadline.judged_at }}",
        "on_time_draft": "Fristen har inte gått ut. Görs anmälan senast vid fristen är den i tid.",
        "on_time_first": "Den första anmälan gjordes inom 72 timmar.",
        "on_time": "Anmälan görs inom 72 timmar.",
        "late_draft": "Fristen har gått ut. Görs anmälan nu ({{ deadline.judged_at }}) är den "
        "{{ deadline.late_by }} för sen.",
        "late_first": "Den första anmälan gjordes {{ deadline.late_by }} för sent.",
        "late": "Anmälan görs {{ deadline.late_by }} för sent.",
        "reasons_title": "Skäl till förseningen",
        "reasons_missing": "Skälen till förseningen är inte angivna; en sen anmälan ska ange dem "
        "(art. 33.1).",
        "changes_intro": "Denna anmälan innehåller bara de uppgifter som är nya eller ändrade sedan "
        "föregående anmälan. Övriga uppgifter gäller som de tidigare anmälts.",
        "kind_label": "Ny anmälan eller komplettering",
        "kind_draft": "Utkast – bestäms när anmälan görs",
        "kind_withdrawal": "Återkallelse av tidigare anmälan",
        "kind_follow_up": "Komplettering eller ändring av tidigare anmälan",
        "kind_new": "Ny anmälan",
        "earlier_case": "IMY:s diarienummer för den tidigare anmälan",
        "missing": "Saknas",
        "extent_label": "Preliminär eller fullständig anmälan",
        "complete": "Fullständig",
        "final": "Fullständig – anmälan är nu komplett",
        "preliminary": "Preliminär (kompletteras senare)",
        "no_changes": "Inga uppgifter har ändrats sedan föregående anmälan.",
        "open_title": "Öppna frågor",
        "open_intro": "Dessa frågor är inte besvarade ännu; anmälan visar dem som ännu inte kända, "
        "kompletteras. Besvara dem eller markera dem som ännu inte kända.",
        "footer": "Ärende {{ footer.incident_ref }} · faktaversion {{ footer.facts_version }} · "
        "skapat {{ footer.generated_at }} · granskningskedjans huvud {{ footer.chain_head }}",
        "footer_note": "Om granskningskedjans huvud för ärendet i breachreport inte längre är "
        "detsamma har uppgifterna ändrats efter att detta dokument skapades.",
        "page": "Sida ",
        "of": " av ",
    },
    "en": {
        "language": "en-GB",
        "title": "Personal data breach notification to IMY",
        "filed": "{{ filing.kind_label }} no. {{ filing.seq }}, filed with IMY {{ filing.filed_at }}.",
        "case_number": "IMY's case number: ",
        "missing_lower": "missing",
        "draft_made": "Draft, generated {{ footer.generated_at }}.",
        "draft": "DRAFT – NOT SENT TO IMY. This is a working draft. The facts may change before "
        "the notification is made in IMY's e-service.",
        "caution_head": "Public document.",
        "caution": " Everything sent to IMY becomes a public document (allmän handling) that "
        "anyone may ask to read, unless a secrecy rule applies. Do not send lists of the people "
        "affected, nor more personal data than needed. State in the last field (J, Other) which "
        "details you consider secret, and why.",
        "deadline_title": "The 72-hour deadline (Art. 33(1))",
        "deadline_unknown": "The time you became aware of the breach is not given, so the 72-hour "
        "deadline cannot be computed.",
        "first_rule": "The 72-hour rule concerns the first notification; supplements follow "
        "without undue delay.",
        "aware": "Aware of the breach: {{ deadline.aware_at }}",
        "deadline": "Deadline, 72 hours after awareness: {{ deadline.deadline }}",
        "first_filed": "First notification filed: {{ deadline.judged_at }}",
        "on_time_draft": "The deadline has not passed. Filed by the deadline, the notification "
        "is on time.",
        "on_time_first": "The first notification was filed within 72 hours.",
        "on_time": "This notification is filed within 72 hours.",
        "late_draft": "The deadline has passed. Filed now ({{ deadline.judged_at }}), the "
        "notification is late by {{ deadline.late_by }}.",
        "late_first": "The first notification was late by {{ deadline.late_by }}.",
        "late": "This notification is late by {{ deadline.late_by }}.",
        "reasons_title": "Reasons for the delay",
        "reasons_missing": "The reasons for the delay are not given; a late notification must "
        "state them (Art. 33(1)).",
        "changes_intro": "This notification holds only what is new or changed since the previous "
        "notification. Everything else stands as notified before.",
        "kind_label": "New notification or supplement",
        "kind_draft": "Draft – decided when the notification is filed",
        "kind_withdrawal": "Withdrawal of an earlier notification",
        "kind_follow_up": "Supplement or change to an earlier notification",
        "kind_new": "New notification",
        "earlier_case": "IMY's case number for the earlier notification",
        "missing": "Missing",
        "extent_label": "Preliminary or complete notification",
        "complete": "Complete",
        "final": "Complete – this supplement completes the notification",
        "preliminary": "Preliminary (more will follow)",
        "no_changes": "Nothing has changed since the previous notification.",
        "open_title": "Open questions",
        "open_intro": "These questions are not answered yet; the notification shows them as not yet "
        "known, to follow. Answer them, or mark them as not yet known.",
        # Only the English copy can hold the organisation's text untranslated.
        "untranslated": "[Not translated – original in Swedish]",
        "footer": "Incident {{ footer.incident_ref }} · facts version {{ footer.facts_version }} · "
        "generated {{ footer.generated_at }} · audit chain head {{ footer.chain_head }}",
        "footer_note": "If the incident's audit chain head in breachreport is no longer the same, "
        "the facts have changed since this document was generated.",
        "page": "Page ",
        "of": " of ",
    },
}


# -- styles ----------------------------------------------------------------------------------------


def _border(paragraph_format_element, side: str, *, size: int, color: str, space: int = 4) -> None:
    """A paragraph border (python-docx has no API for it): ``size`` in eighths of a point."""
    ppr = paragraph_format_element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _shade(paragraph_format_element, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    paragraph_format_element.get_or_add_pPr().append(shading)


def _language(document, tag: str) -> None:
    """The proofing language of every run, so that Word checks the spelling in the right one."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _plain_font(style, name: str) -> None:
    """``name`` for every script: theme fonts (Word's default headings use them) would win."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.attrib.pop(qn(f"w:{script}Theme"), None)
        fonts.set(qn(f"w:{script}"), name)


def _paragraph_style(document, name: str, *, base: str = "Normal"):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    return style


def _styles(document, lang: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _plain_font(normal, "Arial")
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _language(document, PROSE[lang]["language"])

    for name, size, before in (("Title", 17, 0), ("Heading 1", 12.5, 16), ("Heading 2", 10.5, 10)):
        style = styles[name]
        _plain_font(style, "Arial")
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = INK
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6 if name != "Heading 2" else 2)
        style.paragraph_format.keep_with_next = True
    _border(styles["Heading 1"].element, "bottom", size=6, color="888888", space=1)

    reference = _paragraph_style(document, "Reference")
    reference.font.size = Pt(9)
    reference.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    reference.paragraph_format.space_after = Pt(0)

    controller = _paragraph_style(document, "Controller")
    controller.font.size = Pt(12)
    controller.font.bold = True

    draft = _paragraph_style(document, "Draft Notice")
    draft.font.bold = True
    draft.font.color.rgb = RED
    for side in ("top", "left", "bottom", "right"):
        _border(draft.element, side, size=16, color="A00018")
    draft.paragraph_format.space_before = Pt(6)
    draft.paragraph_format.space_after = Pt(10)

    caution = _paragraph_style(document, "Caution")
    _border(caution.element, "left", size=32, color="9A6700", space=8)
    _shade(caution.element, "FFF7E0")
    caution.paragraph_format.left_indent = Mm(3)
    caution.paragraph_format.space_before = Pt(10)
    caution.paragraph_format.space_after = Pt(10)

    question = _paragraph_style(document, "Question")
    question.font.bold = True
    question.paragraph_format.keep_with_next = True
    question.paragraph_format.space_before = Pt(6)
    question.paragraph_format.space_after = Pt(1)

    answer = _paragraph_style(document, "Answer")
    answer.paragraph_format.space_after = Pt(4)

    marker = _paragraph_style(document, "Answer Marker", base="Answer")
    marker.font.italic = True
    marker.font.color.rgb = GREY

    verdict = _paragraph_style(document, "Verdict")
    verdict.font.bold = True
    late = _paragraph_style(document, "Verdict Late", base="Verdict")
    late.font.color.rgb = RED

    note = _paragraph_style(document, "Document Footer")
    note.font.size = Pt(8.5)
    note.font.color.rgb = GREY
    note.paragraph_format.space_after = Pt(3)

    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(7.5)
        styles[name].font.color.rgb = GREY


# -- the body --------------------------------------------------------------------------------------


class Body:
    """Writes paragraphs; a line of template logic is a paragraph of its own (docxtpl's {%p %})."""

    def __init__(self, document) -> None:
        self.document = document

    def logic(self, tag: str) -> None:
        self.document.add_paragraph("{%p " + tag + " %}")

    def text(self, text: str, style: str = "Answer") -> None:
        self.document.add_paragraph(text, style=style)

    def runs(self, parts: list[tuple[str, bool]], style: str = "Normal") -> None:
        paragraph = self.document.add_paragraph(style=style)
        for text, bold in parts:
            paragraph.add_run(text).bold = bold or None

    def bullet(self, text: str) -> None:
        self.document.add_paragraph(text, style="List Bullet")

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_paragraph(text, style=f"Heading {level}")

    def answer(self, p: dict[str, str]) -> None:
        """The value of the loop's ``question``: a list, a table, a text (marked where it is
        untranslated, if the language has a marker) or a plain marker such as "not yet known"."""
        self.logic('if question.value.kind == "list"')
        self.logic('for item in question.value["items"]')
        self.bullet("{{ item }}")
        self.logic("endfor")
        self.logic('elif question.value.kind == "table"')
        self.table()
        self.logic('elif question.value.kind == "text"')
        if "untranslated" in p:
            self.logic("if question.value.untranslated")
            self.text(p["untranslated"], style="Answer Marker")
            self.logic("endif")
        self.text("{{ question.value.text }}")
        self.logic("else")
        self.text("{{ question.value.text }}", style="Answer Marker")
        self.logic("endif")

    def table(self) -> None:
        """A table of the value's columns and rows; docxtpl repeats the middle cell and row."""
        table = self.document.add_table(rows=4, cols=3)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        head, row_start, row, row_end = table.rows
        _repeat_as_header(head)
        for cells, item in (
            (head.cells, "{{ column }}"),
            (row.cells, "{{ cell }}"),
        ):
            source = "column in question.value.columns" if item == "{{ column }}" else "cell in row"
            cells[0].text = "{%tc for " + source + " %}"
            cells[1].text = item
            cells[2].text = "{%tc endfor %}"
        for run in head.cells[1].paragraphs[0].runs:
            run.bold = True
        _shade_cell(head.cells[1], "EEEEEE")
        row_start.cells[0].text = "{%tr for row in question.value.rows %}"
        row_end.cells[0].text = "{%tr endfor %}"
        for line in table.rows:
            for cell in line.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)


def _repeat_as_header(row) -> None:
    """The head row repeats on every page a long table runs over."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def _shade_cell(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _body(document, p: dict[str, str]) -> None:
    body = Body(document)
    body.text("{{ footer.incident_ref }}", style="Reference")
    body.text(p["title"], style="Title")
    body.logic("if controller")
    body.text("{{ controller }}", style="Controller")
    body.logic("endif")
    body.logic("if filing")
    body.runs(
        [
            (p["filed"] + "{% if filing.follow_up %} " + p["case_number"], False),
            ('{{ filing.case_number or "' + p["missing_lower"] + '" }}', True),
            ("{% endif %}", False),
        ]
    )
    body.logic("else")
    body.text(p["draft_made"], style="Normal")
    body.logic("endif")
    body.logic("if draft")
    body.text(p["draft"], style="Draft Notice")
    body.logic("endif")
    body.runs([(p["caution_head"], True), (p["caution"], False)], style="Caution")

    body.heading(p["deadline_title"])
    body.logic('if deadline.state == "unknown"')
    body.text(p["deadline_unknown"], style="Normal")
    body.logic("else")
    body.logic('if deadline.basis == "first_filing"')
    body.text(p["first_rule"], style="Normal")
    body.logic("endif")
    body.bullet(p["aware"])
    body.bullet(p["deadline"])
    body.logic('if deadline.basis == "first_filing" and deadline.judged_at')
    body.bullet(p["first_filed"])
    body.logic("endif")
    for state, style in (("on_time", "Verdict"), ("late", "Verdict Late")):
        body.logic(("if" if state == "on_time" else "elif") + f' deadline.state == "{state}"')
        body.logic('if deadline.basis == "draft"')
        body.text(p[f"{state}_draft"], style=style)
        body.logic('elif deadline.basis == "first_filing"')
        body.text(p[f"{state}_first"], style=style)
        body.logic("else")
        body.text(p[state], style=style)
        body.logic("endif")
    body.logic("endif")
    body.logic("if deadline.reasons")
    body.heading(p["reasons_title"], level=2)
    if "untranslated" in p:
        body.logic("if deadline.reasons_untranslated")
        body.text(p["untranslated"], style="Answer Marker")
        body.logic("endif")
    body.text("{{ deadline.reasons }}", style="Normal")
    body.logic('elif deadline.state == "late"')
    body.text(p["reasons_missing"], style="Answer Marker")
    body.logic("endif")
    body.logic("endif")

    body.logic("if filing and filing.changes_only")
    body.text(p["changes_intro"], style="Normal")
    body.logic("endif")

    body.logic("for section in sections")
    body.heading("{{ section.letter }}. {{ section.title }}")
    body.logic('if section.letter == "A"')
    body.text(p["kind_label"], style="Question")
    body.logic("if not filing")
    body.text(p["kind_draft"], style="Answer Marker")
    body.logic("elif filing.withdrawal")
    body.text(p["kind_withdrawal"])
    body.logic("elif filing.follow_up")
    body.text(p["kind_follow_up"])
    body.logic("else")
    body.text(p["kind_new"])
    body.logic("endif")
    body.logic("if filing and filing.follow_up")
    body.text(p["earlier_case"], style="Question")
    body.text('{{ filing.case_number or "' + p["missing"] + '" }}')
    body.logic("endif")
    body.logic("if filing and not filing.withdrawal")
    body.text(p["extent_label"], style="Question")
    body.text(
        "{% if filing.complete %}"
        + p["complete"]
        + "{% elif filing.final %}"
        + p["final"]
        + "{% else %}"
        + p["preliminary"]
        + "{% endif %}"
    )
    body.logic("endif")
    body.logic("endif")
    body.logic("for question in section.questions")
    body.text("{{ question.label }}", style="Question")
    body.answer(p)
    body.logic("endfor")
    body.logic("endfor")

    body.logic("if filing and filing.changes_only and not has_changes")
    body.text(p["no_changes"], style="Normal")
    body.logic("endif")

    # The suppliers' bulletins the facts took answers from (issue 19), as the Markdown says it.
    body.logic("if sources")
    body.runs([("{{ sources.title }}: ", True), ("{{ sources.text }}", False)])
    body.logic("endif")

    body.logic("if open_questions")
    body.heading(p["open_title"])
    body.text(p["open_intro"], style="Normal")
    body.logic("for group in open_questions")
    body.heading("{{ group.letter }}. {{ group.title }}", level=2)
    body.logic("for label in group.labels")
    body.bullet("{{ label }}")
    body.logic("endfor")
    body.logic("endfor")
    body.logic("endif")

    first = document.add_paragraph(p["footer"], style="Document Footer")
    first.paragraph_format.space_before = Pt(18)
    _border(first._p, "top", size=6, color="888888")
    document.add_paragraph(p["footer_note"], style="Document Footer")


# -- page furniture --------------------------------------------------------------------------------


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def blank_document():
    """python-docx's default document: its style sheet kept, its one empty paragraph removed."""
    document = Document()
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return document


def page_numbers(paragraph, of: str) -> None:
    """Finish a footer paragraph that already says "Page" with Word's own fields: "N of M"."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(of)
    _field(paragraph, "NUMPAGES", "1")


def finished(document, *, title: str, language: str) -> bytes:
    """The document's bytes with fixed properties and zip times: the same script gives the same
    bytes, so that a template changes in git only when its content does."""
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = "breachreport"
    properties.comments = ""
    properties.language = language
    properties.revision = 1
    properties.created = properties.modified = MADE_AT
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_times(buffer.getvalue(), MADE_AT)


def _page(document, p: dict[str, str]) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(18), Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    section.header_distance = section.footer_distance = Mm(8)

    header = section.header.paragraphs[0]
    header.text = "{{ footer.incident_ref }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    footer = section.footer.paragraphs[0]
    footer.text = p["footer"]
    page_numbers(section.footer.add_paragraph(p["page"], style="Footer"), p["of"])


def build(lang: str) -> bytes:
    p = PROSE[lang]
    document = blank_document()
    _styles(document, lang)
    _page(document, p)
    _body(document, p)
    return finished(document, title=p["title"], language=p["language"])


# -- the reports to CERT-SE -------------------------------------------------------------------------

# Each report's title and introduction, word for word as in cert-se-<report>.{lang}.html.j2.
CERT_SE_TITLES: dict[str, tuple[str, str]] = {
    "early-warning": ("Tidig varning till CERT-SE", "Early warning to CERT-SE"),
    "incident-notification": ("Incidentanmälan till CERT-SE", "Incident notification to CERT-SE"),
    "progress-report": ("Lägesrapport till CERT-SE", "Progress report to CERT-SE"),
    "final-report": ("Slutrapport till CERT-SE", "Final report to CERT-SE"),
}
CERT_SE_INTROS: dict[str, tuple[str, str]] = {
    "early-warning": (
        "En väsentlig eller viktig verksamhetsutövare rapporterar en betydande incident till "
        "CERT-SE enligt cybersäkerhetslagen (2025:1506). Den tidiga varningen lämnas inom 24 timmar "
        "från kännedom och säger vad som har hänt och när det upptäcktes, vilka tjänster och system "
        "som berörs, om en brottslig eller avsiktlig handling misstänks, om incidenten kan få "
        "gränsöverskridande påverkan och om den började hos en leverantör.",
        "An essential or important entity reports a significant incident to CERT-SE under the "
        "Cybersecurity Act (2025:1506). The early warning is due within 24 hours of awareness and "
        "says what happened and when it was detected, which services and systems are affected, "
        "whether an unlawful or malicious act is suspected, whether the incident could have a "
        "cross-border impact and whether it started at a supplier.",
    ),
    "incident-notification": (
        "Incidentanmälan lämnas inom 72 timmar från kännedom enligt cybersäkerhetslagen "
        "(2025:1506). Den uppdaterar den tidiga varningen och ger en första bedömning av "
        "incidentens allvarlighetsgrad och påverkan, indikatorer på intrång, orsaken och de "
        "åtgärder som har vidtagits.",
        "The incident notification is due within 72 hours of awareness under the Cybersecurity "
        "Act (2025:1506). It updates the early warning and gives an initial assessment of the "
        "incident's severity and impact, indicators of compromise, the cause and the measures "
        "taken.",
    ),
    "progress-report": (
        "En lägesrapport lämnas när incidenten fortfarande pågår då slutrapporten ska lämnas, och "
        "när CERT-SE begär det. Den beskriver läget nu och vad som har ändrats sedan förra "
        "rapporten till CERT-SE.",
        "A progress report is made when the incident is still ongoing when the final report is "
        "due, and when CERT-SE asks for one. It describes the current state and what changed "
        "since the last report to CERT-SE.",
    ),
    "final-report": (
        "Slutrapporten lämnas senast en månad efter incidentanmälan och godkänns av "
        "verksamhetens ledning. Den beskriver incidentens slutliga konsekvenser, grundorsaken, "
        "vidtagna åtgärder och hur verksamheten skyddar sig mot att det händer igen.",
        "The final report is due no later than one month after the incident notification and is "
        "approved by the entity's management. It describes the incident's final consequences, "
        "its root cause, the measures taken and how the entity protects itself against a "
        "recurrence.",
    ),
}
# The prose every report shares, word for word as in _cert_se.{lang}.html.j2.
CERT_SE_PROSE: dict[str, dict[str, str]] = {
    "sv": {
        "filed": "{{ kind_label }} nr {{ filing.seq }}, inlämnad till CERT-SE {{ filing.filed_at }}. "
        "{{ recipient.case_number_name }}: ",
        "no_case": "inte mottaget ännu",
        "draft_made": "{{ kind_label }}, utkast skapat {{ footer.generated_at }}.",
        "draft": "UTKAST – INTE SKICKAT TILL CERT-SE. Detta är ett arbetsutkast. Rapporten lämnas "
        "genom {{ recipient.channel }}.",
        "confidential": "Säkerhetskänsligt.",
        "deadline_title": "Frist",
        "deadline_unknown": "Tidpunkten då verksamheten fick kännedom om incidenten är inte "
        "angiven, så fristen ({{ deadline.period }}) kan inte beräknas.",
        "aware": "Kännedom om incidenten: {{ deadline.aware_at }}",
        "due": "Frist, {{ deadline.period }} efter kännedomen: {{ deadline.due }}",
        "on_time_draft": "Fristen har inte gått ut. Lämnas rapporten senast vid fristen är den i "
        "tid.",
        "on_time": "Rapporten lämnas i tid.",
        "late_draft": "Fristen har gått ut. Lämnas rapporten nu ({{ deadline.judged_at }}) är den "
        "{{ deadline.late_by }} för sen.",
        "late": "Rapporten lämnas {{ deadline.late_by }} för sent.",
        "reasons_title": "Skäl till förseningen",
        "reasons_missing": "Skälen till förseningen är inte angivna; en sen rapport ska ange dem.",
        "missing_title": "Kompletteras senare",
        "missing_intro": "Dessa uppgifter är ännu inte kända och lämnas i en senare rapport till "
        "CERT-SE:",
    },
    "en": {
        "filed": "{{ kind_label }} no. {{ filing.seq }}, filed with CERT-SE {{ filing.filed_at }}. "
        "{{ recipient.case_number_name }}: ",
        "no_case": "not received yet",
        "draft_made": "{{ kind_label }}, draft generated {{ footer.generated_at }}.",
        "draft": "DRAFT – NOT SENT TO CERT-SE. This is a working draft. The report is sent through "
        "{{ recipient.channel }}.",
        "confidential": "Security-sensitive.",
        "deadline_title": "Deadline",
        "deadline_unknown": "The time the entity became aware of the incident is not given, so the "
        "deadline ({{ deadline.period }}) cannot be computed.",
        "aware": "Aware of the incident: {{ deadline.aware_at }}",
        "due": "Deadline, {{ deadline.period }} after awareness: {{ deadline.due }}",
        "on_time_draft": "The deadline has not passed. Filed by the deadline, the report is on "
        "time.",
        "on_time": "This report is filed on time.",
        "late_draft": "The deadline has passed. Filed now ({{ deadline.judged_at }}), the report "
        "is late by {{ deadline.late_by }}.",
        "late": "This report is late by {{ deadline.late_by }}.",
        "reasons_title": "Reasons for the delay",
        "reasons_missing": "The reasons for the delay are not given; a late report must state "
        "them.",
        "missing_title": "To follow",
        "missing_intro": "These details are not yet known and follow in a later report to CERT-SE:",
        "untranslated": "[Not translated – original in Swedish]",
    },
}


def _cert_se_body(document, p: dict[str, str], title: str, intro: str) -> None:
    body = Body(document)
    body.text("{{ footer.incident_ref }}", style="Reference")
    body.text(title, style="Title")
    body.logic("if controller")
    body.text("{{ controller }}", style="Controller")
    body.logic("endif")
    body.logic("if filing")
    body.runs([(p["filed"], False), ('{{ filing.case_number or "' + p["no_case"] + '" }}', True)])
    body.logic("else")
    body.text(p["draft_made"], style="Normal")
    body.logic("endif")
    body.logic("if draft")
    body.text(p["draft"], style="Draft Notice")
    body.logic("endif")
    body.runs(
        [(p["confidential"], True), (" {{ recipient.confidentiality }}", False)], style="Caution"
    )
    body.text(intro, style="Normal")

    body.logic('if deadline.state != "none" or deadline.reasons')
    body.heading(p["deadline_title"])
    body.logic('if deadline.state == "unknown"')
    body.text(p["deadline_unknown"], style="Normal")
    body.logic('elif deadline.state != "none"')
    body.bullet(p["aware"])
    body.bullet(p["due"])
    body.logic('if deadline.state == "on_time" and draft')
    body.text(p["on_time_draft"], style="Verdict")
    body.logic('elif deadline.state == "on_time"')
    body.text(p["on_time"], style="Verdict")
    body.logic("elif draft")
    body.text(p["late_draft"], style="Verdict Late")
    body.logic("else")
    body.text(p["late"], style="Verdict Late")
    body.logic("endif")
    body.logic("endif")
    body.logic("if deadline.reasons")
    body.heading(p["reasons_title"], level=2)
    body.text("{{ deadline.reasons }}", style="Normal")
    body.logic('elif deadline.state == "late"')
    body.text(p["reasons_missing"], style="Answer Marker")
    body.logic("endif")
    body.logic("endif")

    body.logic("for section in sections")
    body.heading("{{ section.letter }}. {{ section.title }}")
    body.logic("if section.note")
    body.text("{{ section.note }}", style="Normal")
    body.logic("endif")
    body.logic("for question in section.questions")
    body.text("{{ question.label }}", style="Question")
    if "untranslated" in p:
        body.logic("if question.value.untranslated")
        body.text(p["untranslated"], style="Answer Marker")
        body.logic("endif")
    body.logic('if question.value.kind == "list"')
    body.logic('for item in question.value["items"]')
    body.bullet("{{ item }}")
    body.logic("endfor")
    body.logic('elif question.value.kind == "table"')
    body.table()
    body.logic('elif question.value.kind == "text"')
    body.text("{{ question.value.text }}")
    body.logic("else")
    body.text("{{ question.value.text }}", style="Answer Marker")
    body.logic("endif")
    body.logic("endfor")
    body.logic("endfor")

    body.logic("if missing")
    body.heading(p["missing_title"])
    body.text(p["missing_intro"], style="Normal")
    body.logic("for label in missing")
    body.bullet("{{ label }}")
    body.logic("endfor")
    body.logic("endif")

    shared = PROSE[p["lang"]]
    first = document.add_paragraph(shared["footer"], style="Document Footer")
    first.paragraph_format.space_before = Pt(18)
    _border(first._p, "top", size=6, color="888888")
    document.add_paragraph(shared["footer_note"], style="Document Footer")


def build_cert_se(kind: str, lang: str) -> bytes:
    """The Word template of one report to CERT-SE (``kind`` e.g. "early-warning") in ``lang``."""
    index = 0 if lang == "sv" else 1
    title = CERT_SE_TITLES[kind][index]
    document = blank_document()
    _styles(document, lang)
    _page(document, PROSE[lang])
    _cert_se_body(
        document, {**CERT_SE_PROSE[lang], "lang": lang}, title, CERT_SE_INTROS[kind][index]
    )
    return finished(document, title=title, language=PROSE[lang]["language"])


def main() -> int:
    for lang in PROSE:
        path = TEMPLATES / f"imy-notification.{lang}.docx"
        path.write_bytes(build(lang))
        print(f"Wrote {path.relative_to(ROOT)}")
    for kind in CERT_SE_TITLES:
        for lang in PROSE:
            path = TEMPLATES / f"cert-se-{kind}.{lang}.docx"
            path.write_bytes(build_cert_se(kind, lang))
            print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
