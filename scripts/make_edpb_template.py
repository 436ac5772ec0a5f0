"""Write the Word templates of the EDPB common template document: templates/edpb-template.{sv,en}.docx.

The templates hold Jinja tags that docxtpl fills from the same view model as the HTML and Markdown
templates (``documents.edpb_document.edpb_view``), with the same prose, in the same order. The
styles, the body writer and the page furniture come from make_docx_templates.py, so that every
Word document of breachreport looks alike. The .docx files are committed; running this again gives
the same bytes.

    .venv/bin/python scripts/make_edpb_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_docx_templates import (  # noqa: E402
    TEMPLATES,
    Body,
    _border,
    _styles,
    blank_document,
    finished,
    page_numbers,
)

# The prose of each language, word for word as in edpb-template.{lang}.html.j2.
PROSE: dict[str, dict[str, str]] = {
    "sv": {
        "language": "sv-SE",
        "title": "EDPB:s gemensamma mall för anmälan av personuppgiftsincidenter (art. 33)",
        "intro": "Incidentens uppgifter ordnade efter EDPB:s förslag till gemensam EU-mall (utkast "
        "från juni 2026, mallversion {{ version }}). Mallen är inte slutligt antagen, och IMY tar i "
        "dag emot anmälningar i sin e-tjänst; med det här dokumentet kan ni lämna uppgifterna i "
        "mallens form den dag mallen börjar användas. Fältnumren kommer från en inofficiell "
        "sammanställning och kan ändras i den slutliga mallen.",
        "draft": "UTKAST – INTE INLÄMNAT. Uppgifterna kan ändras innan de lämnas.",
        "open": "{{ open_count }} fält som mallen kräver fastställs senare. De är markerade "
        "”Fastställs senare”.",
        "complete": "Alla fält som mallen kräver är besvarade.",
        "part": "Del",
        "footer": "Ärende {{ footer.incident_ref }} · faktaversion {{ footer.facts_version }} · "
        "skapat {{ footer.generated_at }} · granskningskedjans huvud {{ footer.chain_head }}",
        "footer_note": "Om granskningskedjans huvud för ärendet i breachreport inte längre är "
        "detsamma har uppgifterna ändrats efter att detta dokument skapades.",
        "page": "Sida ",
        "of": " av ",
    },
    "en": {
        "language": "en-GB",
        "title": "EDPB common template for personal data breach notifications (Art. 33)",
        "intro": "The incident's facts laid out in the EDPB's proposed common EU template (draft "
        "of June 2026, template version {{ version }}). The template is not final, and IMY takes "
        "notifications through its e-service today; this document lets you give the facts in the "
        "template's form the day the template comes into use. The field numbers come from an "
        "unofficial extraction and may change in the final template.",
        "draft": "DRAFT – NOT SUBMITTED. The facts may change before they are submitted.",
        "open": "{% if open_count == 1 %}1 field the template requires is still to be determined. "
        'It is marked "To be determined".{% else %}{{ open_count }} fields the template requires '
        'are still to be determined. They are marked "To be determined".{% endif %}',
        "complete": "Every field the template requires is answered.",
        "part": "Part",
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


def _body(document, p: dict[str, str]) -> None:
    body = Body(document)
    body.text("{{ footer.incident_ref }}", style="Reference")
    body.text(p["title"], style="Title")
    body.logic("if controller")
    body.text("{{ controller }}", style="Controller")
    body.logic("endif")
    body.text(p["intro"], style="Normal")
    body.logic("if draft")
    body.text(p["draft"], style="Draft Notice")
    body.logic("endif")
    body.logic("if open_count")
    body.text(p["open"], style="Verdict")
    body.logic("else")
    body.text(p["complete"], style="Verdict")
    body.logic("endif")

    body.logic("for part in parts")
    body.heading(p["part"] + " {{ part.number }}. {{ part.title }}")
    # "question": the name Body.table() reads its columns and rows from.
    body.logic("for question in part.fields")
    body.text("{{ question.id }}. {{ question.label }}", style="Question")
    body.answer(p)
    body.logic("endfor")
    body.logic("endfor")

    first = document.add_paragraph(p["footer"], style="Document Footer")
    first.paragraph_format.space_before = Pt(18)
    _border(first._p, "top", size=6, color="888888")
    document.add_paragraph(p["footer_note"], style="Document Footer")


def _page(document, p: dict[str, str]) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(18), Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    section.header_distance = section.footer_distance = Mm(8)
    header = section.header.paragraphs[0]
    header.text = "{{ footer.incident_ref }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    section.footer.paragraphs[0].text = p["footer"]
    page_numbers(section.footer.add_paragraph(p["page"], style="Footer"), p["of"])


def build(lang: str) -> bytes:
    p = PROSE[lang]
    document = blank_document()
    _styles(document, lang)
    _page(document, p)
    _body(document, p)
    return finished(document, title=p["title"], language=p["language"])


def main() -> None:
    for lang in PROSE:
        path = TEMPLATES / f"edpb-template.{lang}.docx"
        path.write_bytes(build(lang))
        print(f"wrote {path.relative_to(TEMPLATES.parent)}")


if __name__ == "__main__":
    main()
