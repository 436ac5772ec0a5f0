"""Write the Word templates of the notice to the data subjects: templates/data-subject-notice.{sv,en}.docx.

The letter a DPO opens in Word, edits and sends: the same view model and the same prose as
data-subject-notice.{lang}.md.j2, in the same order, as plain paragraphs, headings and bullet lists
(no tables, text boxes or fields in the body), so that every sentence can be edited where it
stands. The .docx files are committed; this script is how they are made and reviewed, and running
it again gives the same bytes. An organisation that wants its own letterhead edits a copy in Word
and puts it in its BREACHREPORT_TEMPLATES folder.

    .venv/bin/python scripts/make_notice_docx.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _imy_generator():
    """The IMY notification's generator, for its style helpers (read, never changed, from here)."""
    path = ROOT / "scripts" / "make_docx_templates.py"
    spec = importlib.util.spec_from_file_location("make_docx_templates", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_IMY = _imy_generator()
_border, _field, _language = _IMY._border, _IMY._field, _IMY._language
_paragraph_style, _plain_font = _IMY._paragraph_style, _IMY._plain_font
blank_document, finished, page_numbers = _IMY.blank_document, _IMY.finished, _IMY.page_numbers

TEMPLATES = ROOT / "templates"
INK = RGBColor(0x11, 0x11, 0x11)
GREY = RGBColor(0x44, 0x44, 0x44)
RED = RGBColor(0xA0, 0x00, 0x18)

# The prose of each language, word for word as in data-subject-notice.{lang}.md.j2. A sentence that
# depends on the facts is written with its Jinja condition inline, in the one run of its paragraph.
PROSE: dict[str, dict[str, str]] = {
    "sv": {
        "language": "sv-SE",
        "title": "Viktig information om dina personuppgifter",
        "intro": "{% if controller %}{{ controller }}{% else %}Vi{% endif %} har uppgifter om dig. "
        "Nu har vi haft en incident som rör de uppgifterna. "
        "Här berättar vi vad som har hänt och vad det betyder för dig. "
        "Vi berättar också vad du kan göra.",
        "happened_title": "Vad har hänt?",
        "occurred": "Det hände den {{ happened.occurred_on }}.",
        "aware": "Vi fick veta det den {{ happened.aware_on }}.",
        "ongoing": "Problemet är inte löst än.",
        "ended": "Problemet var löst den {{ happened.ended_on }}.",
        "solved": "Problemet är löst.",
        "subjects": "Det gäller {{ happened.subjects }} personer.",
        "data_intro": "Det kan gälla:",
        "meaning_title": "Vad betyder det för dig?",
        "ruled_out": "Vi har inga tecken på att någon har tagit dina uppgifter.",
        "confirmed": "Vi vet att någon har tagit uppgifter.",
        "suspected": "Vi tror att någon kan ha tagit uppgifter. Men vi vet inte säkert än.",
        "unknown": "Vi vet inte än om någon har tagit uppgifter.",
        "meaning_unknown": "Vi vet inte än vad det betyder för dig. Vi hör av oss när vi vet mer.",
        "consequences_intro": "Det här kan hända:",
        "done_title": "Vad har vi gjort?",
        "planned_intro": "Det här ska vi göra nu:",
        "imy": "Vi har anmält det som hänt till Integritetsskyddsmyndigheten (IMY) den "
        "{{ done.imy_on }}.",
        "police": "Vi har gjort en polisanmälan.",
        "finding_out": "Vi tar reda på vad som har hänt och hur vi kan stoppa det.",
        "advice_title": "Vad kan du göra?",
        "advice_intro": "Här är några råd som passar de uppgifter som det gäller.",
        "contact_title": "Vill du veta mer?",
        "contact": "{% if contact.dpo and contact.name %}Kontakta vårt dataskyddsombud "
        "{{ contact.name }}.{% elif contact.dpo %}Kontakta vårt dataskyddsombud."
        "{% elif contact.name %}Kontakta {{ contact.name }}.{% else %}Kontakta oss.{% endif %}",
        "phone": "Telefon: {{ contact.phone }}",
        "email": "E-post: {{ contact.email }}",
        "no_contact": "Kontakta oss om du har frågor.",
        "quote_ref": "Ange ärende {{ incident_ref }} när du hör av dig.",
        "rights": "Du har rätt att få veta vilka uppgifter vi har om dig. "
        "Är du inte nöjd med hur vi har skött dina uppgifter? "
        "Då kan du klaga hos Integritetsskyddsmyndigheten (IMY) på imy.se.",
        "footer": "Ärende {{ footer.incident_ref }} · faktaversion {{ footer.facts_version }} · "
        "skapat {{ footer.generated_at }} · granskningskedjans huvud {{ footer.chain_head }}",
        "footer_note": "Om granskningskedjans huvud för ärendet i breachreport inte längre är "
        "detsamma har uppgifterna ändrats efter att detta dokument skapades.",
        "page": "Sida ",
        "of": " av ",
    },
    "en": {
        "language": "en-GB",
        "title": "Important information about your personal data",
        "intro": "{% if controller %}{{ controller }} holds{% else %}We hold{% endif %} data about "
        "you. We have had an incident that affects those data. "
        "Here we tell you what happened and what it means for you. "
        "We also tell you what you can do.",
        "happened_title": "What happened?",
        "occurred": "It happened on {{ happened.occurred_on }}.",
        "aware": "We learnt of it on {{ happened.aware_on }}.",
        "ongoing": "The problem is not solved yet.",
        "ended": "The problem was solved on {{ happened.ended_on }}.",
        "solved": "The problem is solved.",
        "subjects": "It concerns {{ happened.subjects }} people.",
        "data_intro": "It may concern:",
        "meaning_title": "What does it mean for you?",
        "ruled_out": "We have no sign that anyone took your data.",
        "confirmed": "We know that someone took data.",
        "suspected": "We think that someone may have taken data. But we do not know for sure yet.",
        "unknown": "We do not know yet whether anyone took data.",
        "meaning_unknown": "We do not know yet what it means for you. We will be in touch when we "
        "know more.",
        "consequences_intro": "This may happen:",
        "done_title": "What have we done?",
        "planned_intro": "This is what we will do next:",
        "imy": "We reported it to the Swedish Authority for Privacy Protection (IMY) on "
        "{{ done.imy_on }}.",
        "police": "We have reported it to the police.",
        "finding_out": "We are finding out what happened and how to stop it.",
        "advice_title": "What can you do?",
        "advice_intro": "Here is some advice that fits the kinds of data involved.",
        "contact_title": "Do you want to know more?",
        "contact": "{% if contact.dpo and contact.name %}Contact our data protection officer, "
        "{{ contact.name }}.{% elif contact.dpo %}Contact our data protection officer."
        "{% elif contact.name %}Contact {{ contact.name }}.{% else %}Contact us.{% endif %}",
        "phone": "Phone: {{ contact.phone }}",
        "email": "Email: {{ contact.email }}",
        "no_contact": "Contact us if you have questions.",
        "quote_ref": "Please quote case {{ incident_ref }} when you get in touch.",
        "rights": "You have the right to know what data we hold about you. "
        "Are you unhappy with how we have handled your data? "
        "Then you can complain to the Swedish Authority for Privacy Protection (IMY) at imy.se.",
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


def _styles(document, lang: str) -> None:
    """A letter's styles: Normal text, a title, two heading levels, bullets and a small footer.
    Word's own names, so that the DPO's house style (or a copy of it) applies when pasted."""
    styles = document.styles
    normal = styles["Normal"]
    _plain_font(normal, "Arial")
    normal.font.size = Pt(11.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.2
    _language(document, PROSE[lang]["language"])

    for name, size, before in (("Title", 18, 0), ("Heading 1", 14, 16), ("Heading 2", 12, 10)):
        style = styles[name]
        _plain_font(style, "Arial")
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = INK
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6 if name != "Heading 2" else 3)
        style.paragraph_format.keep_with_next = True
    _border(styles["Title"].element, "bottom", size=12, color="111111", space=4)

    bullets = styles["List Bullet"]
    bullets.paragraph_format.space_after = Pt(3)

    controller = _paragraph_style(document, "Controller")
    controller.font.size = Pt(13)
    controller.font.bold = True

    marker = _paragraph_style(document, "Untranslated Marker")
    marker.font.bold = True
    marker.font.color.rgb = RED
    marker.paragraph_format.space_after = Pt(2)
    marker.paragraph_format.keep_with_next = True

    note = _paragraph_style(document, "Document Footer")
    note.font.size = Pt(8.5)
    note.font.color.rgb = GREY
    note.paragraph_format.space_after = Pt(3)

    styles["Footer"].font.size = Pt(8)
    styles["Footer"].font.color.rgb = GREY


# -- the letter ------------------------------------------------------------------------------------


class Letter:
    """Writes paragraphs; a line of template logic is a paragraph of its own (docxtpl's {%p %}),
    which docxtpl removes, so the letter has only the paragraphs that are shown."""

    def __init__(self, document) -> None:
        self.document = document

    def logic(self, tag: str) -> None:
        self.document.add_paragraph("{%p " + tag + " %}")

    def text(self, text: str, style: str = "Normal"):
        return self.document.add_paragraph(text, style=style)

    def bullet(self, text: str) -> None:
        self.text(text, style="List Bullet")

    def heading(self, text: str, level: int = 1) -> None:
        self.text(text, style=f"Heading {level}")

    def own_text(self, name: str, value: str, p: dict[str, str]) -> None:
        """The DPO's own text ``value``, marked in English where it has no English yet."""
        if "untranslated" in p:
            self.logic(f'if "{name}" in untranslated')
            self.text(p["untranslated"], style="Untranslated Marker")
            self.logic("endif")
        self.text("{{ " + value + " }}")


def _sentences(*parts: tuple[str, str]) -> str:
    """Sentences of one paragraph, each shown if its condition holds, a space after each."""
    return "".join("{% if " + cond + " %}" + text + " {% endif %}" for cond, text in parts)


def _trimmed(text: str) -> str:
    """A paragraph of sentences without the space after its last one (only our own prose and
    labels stand in these paragraphs, never the DPO's free text)."""
    return "{% filter trim %}" + text + "{% endfilter %}"


def _body(document, p: dict[str, str]) -> None:
    letter = Letter(document)
    letter.text(p["title"], style="Title")
    letter.logic("if controller")
    letter.text("{{ controller }}", style="Controller")
    letter.logic("endif")
    letter.text(p["intro"])

    letter.heading(p["happened_title"])
    letter.logic(
        "if happened.occurred_on or happened.aware_on or happened.kinds or happened.ongoing"
        " or happened.ended_on or happened.ongoing is false or happened.subjects"
    )
    letter.text(
        _trimmed(
            _sentences(("happened.occurred_on", p["occurred"]), ("happened.aware_on", p["aware"]))
            + "{% for sentence in happened.kinds %}{{ sentence }} {% endfor %}"
            + "{% if happened.ongoing %}"
            + p["ongoing"]
            + " {% elif happened.ended_on %}"
            + p["ended"]
            + " {% elif happened.ongoing is false %}"
            + p["solved"]
            + " {% endif %}"
            + _sentences(("happened.subjects", p["subjects"]))
        )
    )
    letter.logic("endif")
    letter.logic("if happened.summary")
    letter.own_text("summary", "happened.summary", p)
    letter.logic("endif")
    letter.logic("if data")
    letter.text(p["data_intro"])
    letter.logic("for item in data")
    letter.bullet("{{ item }}")
    letter.logic("endfor")
    letter.logic("endif")

    letter.heading(p["meaning_title"])
    letter.logic("if meaning.taken_out or not (meaning.consequences or meaning.details)")
    letter.text(
        _trimmed(
            _sentences(
                *((f'meaning.taken_out == "{out}"', p[out]) for out in ("ruled_out", "confirmed")),
                *((f'meaning.taken_out == "{out}"', p[out]) for out in ("suspected", "unknown")),
                ("not (meaning.consequences or meaning.details)", p["meaning_unknown"]),
            )
        )
    )
    letter.logic("endif")
    letter.logic("if meaning.consequences")
    letter.text(p["consequences_intro"])
    letter.logic("for sentence in meaning.consequences")
    letter.bullet("{{ sentence }}")
    letter.logic("endfor")
    letter.logic("endif")
    letter.logic("if meaning.details")
    letter.own_text("details", "meaning.details", p)
    letter.logic("endif")

    letter.heading(p["done_title"])
    letter.logic("if done.taken")
    letter.own_text("taken", "done.taken", p)
    letter.logic("endif")
    letter.logic("if done.planned")
    letter.text(p["planned_intro"])
    letter.own_text("planned", "done.planned", p)
    letter.logic("endif")
    letter.logic("if done.imy_on or done.police or not (done.taken or done.planned)")
    letter.text(
        _trimmed(
            _sentences(
                ("done.imy_on", p["imy"]),
                ("done.police", p["police"]),
                (
                    "not (done.taken or done.planned or done.imy_on or done.police)",
                    p["finding_out"],
                ),
            )
        )
    )
    letter.logic("endif")

    letter.heading(p["advice_title"])
    letter.text(p["advice_intro"])
    letter.logic("for item in advice")
    letter.heading("{{ item.title }}", level=2)
    letter.logic("for step in item.steps")
    letter.bullet("{{ step }}")
    letter.logic("endfor")
    letter.logic("endfor")

    letter.heading(p["contact_title"])
    letter.logic("if contact")
    letter.text(p["contact"])
    letter.logic("if contact.phone")
    letter.bullet(p["phone"])
    letter.logic("endif")
    letter.logic("if contact.email")
    letter.bullet(p["email"])
    letter.logic("endif")
    letter.logic("else")
    letter.text(p["no_contact"])
    letter.logic("endif")
    letter.logic("if incident_ref")
    letter.text(p["quote_ref"])
    letter.logic("endif")
    letter.text(p["rights"])

    letter.logic("if footer")
    first = letter.text(p["footer"], style="Document Footer")
    first.paragraph_format.space_before = Pt(20)
    _border(first._p, "top", size=6, color="888888")
    letter.text(p["footer_note"], style="Document Footer")
    letter.logic("endif")


def _page(document, p: dict[str, str]) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.left_margin = section.right_margin = Mm(22)
    section.footer_distance = Mm(10)
    pages = section.footer.paragraphs[0]
    pages.style = document.styles["Footer"]
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run(p["page"])
    page_numbers(pages, p["of"])


def build(lang: str) -> bytes:
    p = PROSE[lang]
    document = blank_document()
    _styles(document, lang)
    _page(document, p)
    _body(document, p)
    return finished(document, title=p["title"], language=p["language"])


def main() -> int:
    for lang in PROSE:
        path = TEMPLATES / f"data-subject-notice.{lang}.docx"
        path.write_bytes(build(lang))
        print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
