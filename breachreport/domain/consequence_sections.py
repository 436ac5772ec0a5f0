"""Sections F to J of IMY's notification: the data and people affected, the likely consequences,
the measures, the communication to the people, and other authorities and countries.

``sections`` names them together with A to E; import them from there. Pure.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, field_validator

from .choices import (
    EU_EEA_COUNTRIES,
    Authority,
    Channel,
    Consequence,
    DataCategory,
    InformStatus,
    NotInformReason,
    SeverityEstimate,
    SubjectCategory,
)
from .fields import ChoiceList, Count, FewEntries, Instant, LongText, ShortText, ask
from .labels import Text
from .problems import rule_error
from .section_base import Section


class DataSection(Section):
    letter = "F"
    title = Text("Registrerade och personuppgifter", "Data subjects and personal data")
    why = Text(
        "Art. 33.3 a: kategorier och ungefärligt antal registrerade och poster ska anges.",
        "Art. 33(3)(a): the categories and approximate numbers of people and records must be given.",
    )

    subjects_count: Count | None = ask(
        "Ungefär hur många registrerade berörs?",
        "Approximately how many data subjects are affected?",
        "Antalet påverkar hur allvarlig incidenten är och hur de registrerade bör informeras.",
        "The number affects how serious the breach is and how to inform the people.",
        unknown=True,
    )
    records_count: Count | None = ask(
        "Ungefär hur många personuppgiftsposter berörs?",
        "Approximately how many personal data records are affected?",
        "Antalet poster visar omfattningen, även när samma person finns i flera poster.",
        "The number of records shows the scale, even where one person appears in several.",
        unknown=True,
    )
    subject_categories: ChoiceList[SubjectCategory] | None = ask(
        "Vilka grupper tillhör de registrerade?",
        "Which groups do the data subjects belong to?",
        "Barn, patienter och andra sårbara grupper kräver större försiktighet.",
        "Children, patients and other vulnerable people call for greater care.",
        unknown=True,
    )
    subject_categories_other: ShortText = ask(
        "Andra grupper",
        "Other groups",
        "Beskriv grupper som inte finns bland alternativen.",
        "Describe groups that are not among the options.",
    )
    data_categories: ChoiceList[DataCategory] | None = ask(
        "Vilken sorts personuppgifter har incidenten drabbat?",
        "Which kinds of personal data are affected?",
        "Känsliga uppgifter, personnummer och ekonomiska uppgifter höjer risken för de registrerade.",
        "Special categories, identity numbers and financial data raise the risk to the people.",
        unknown=True,
    )
    data_categories_other: ShortText = ask(
        "Andra slags uppgifter",
        "Other kinds of data",
        "Beskriv uppgifter som inte finns bland alternativen.",
        "Describe data that are not among the options.",
    )
    sensitive_subjects_count: Count | None = ask(
        "Hur många av dem gäller de känsliga uppgifterna eller uppgifterna om lagöverträdelser?",
        "How many of them do the special-category or criminal offence data concern?",
        "En känslig uppgift om tio personer i ett register över tusentals väger annorlunda än om "
        "alla; IMY frågar efter antalet per kategori.",
        "A sensitive item about ten people in a register of thousands weighs differently from one "
        "about everyone; IMY asks for the numbers per category.",
        unknown=True,
    )


class ConsequencesSection(Section):
    letter = "G"
    title = Text("Konsekvenser", "Consequences")
    why = Text(
        "Art. 33.3 c: anmälan ska beskriva de sannolika konsekvenserna.",
        "Art. 33(3)(c): the notification must describe the likely consequences.",
    )

    likely: ChoiceList[Consequence] | None = ask(
        "Vad kan bli konsekvenserna av incidenten?",
        "What may the consequences be?",
        "Konsekvenserna för de registrerade är kärnan i riskbedömningen.",
        "The consequences for the people are the core of the risk assessment.",
        unknown=True,
    )
    details: LongText = ask(
        "Beskriv konsekvenserna",
        "Describe the consequences",
        "Berätta hur konsekvenserna kan visa sig i just det här fallet.",
        "Say how the consequences may show in this particular case.",
    )
    severity: SeverityEstimate | None = ask(
        "Hur allvarlig är incidenten för de registrerades integritet?",
        "How serious is the breach for the data subjects' privacy?",
        "Er egen bedömning; breachreports riskbedömning ger ett underlag.",
        "Your own judgement; breachreport's assessment gives you a basis for it.",
        unknown=True,
    )


class MeasuresSection(Section):
    letter = "H"
    title = Text("Åtgärder", "Measures")
    why = Text(
        "Art. 33.3 d: anmälan ska beskriva vidtagna och föreslagna åtgärder, även för att begränsa "
        "skadan.",
        "Art. 33(3)(d): the notification must describe measures taken or proposed, including "
        "those to limit harm.",
    )

    taken: LongText = ask(
        "Vilka åtgärder har ni vidtagit?",
        "What measures have you taken?",
        "Åtgärder för att stoppa incidenten och begränsa skadan för de registrerade.",
        "Measures that stop the breach and limit the harm to the people.",
    )
    planned: LongText = ask(
        "Vilka åtgärder planerar ni?",
        "What measures are planned?",
        "Åtgärder som ska förhindra att det händer igen.",
        "Measures to prevent it happening again.",
    )


class CommunicationSection(Section):
    letter = "I"
    title = Text("Information till de registrerade", "Telling the data subjects")
    why = Text(
        "Art. 34: vid hög risk ska de registrerade informeras utan onödigt dröjsmål.",
        "Art. 34: where the risk is high, the people must be told without undue delay.",
    )

    status: InformStatus | None = ask(
        "Har ni informerat de registrerade?",
        "Have you informed the data subjects?",
        "IMY kan förelägga er att informera om risken är hög.",
        "IMY can order you to inform them if the risk is high.",
        unknown=True,
    )
    informed_at: Instant = ask(
        "När informerade ni dem?",
        "When did you inform them?",
        "Tidpunkten visar om informationen gick ut utan onödigt dröjsmål.",
        "The time shows whether they were told without undue delay.",
    )
    channels: ChoiceList[Channel] | None = ask(
        "Hur informerade ni (eller kommer ni att informera) dem?",
        "How did (or will) you inform them?",
        "Kanalen ska nå de berörda; ett offentligt meddelande räcker bara i undantagsfall.",
        "The channel must reach the people; a public announcement is only for exceptional cases.",
    )
    planned_at: Instant = ask(
        "När kommer ni att informera dem?",
        "When will you inform them?",
        "IMY vill veta att informationen inte dröjer i onödan.",
        "IMY wants to know that telling them will not be unduly delayed.",
    )
    reason_not: NotInformReason | None = ask(
        "Varför kommer ni inte att informera dem?",
        "Why will you not inform them?",
        "Art. 34.3 anger när information inte krävs; skälet ska dokumenteras.",
        "Art. 34(3) says when they need not be told; the reason must be documented.",
    )
    reason_details: LongText = ask(
        "Förklara skälet",
        "Explain the reason",
        "En kort motivering gör beslutet begripligt för IMY.",
        "A short explanation makes the decision understandable to IMY.",
    )


class AuthorityReport(BaseModel):
    """A report of the same incident to another authority."""

    model_config = ConfigDict(extra="forbid")

    authority: Authority
    reference: ShortText = None
    reported_at: Instant = None
    details: ShortText = None


class OtherSection(Section):
    letter = "J"
    title = Text("Övrigt", "Other")
    why = Text(
        "Andra myndigheter och länder kan behöva samordnas med IMY:s ärende.",
        "Other authorities and countries may need to be coordinated with IMY's case.",
    )

    other_countries: list[str] | None = ask(
        "Registrerade i andra EU/EES-länder",
        "Data subjects in other EU/EEA countries",
        "Andra länders tillsynsmyndigheter kan behöva underrättas.",
        "Other countries' supervisory authorities may need to be told.",
        unknown=True,
    )
    reports: Annotated[list[AuthorityReport] | None, FewEntries] = ask(
        "Anmält till andra myndigheter",
        "Reported to other authorities",
        "Polisanmälan, CERT-SE, IVO eller Säkerhetspolisen: IMY vill se helheten.",
        "Police, CSIRT, IVO or the Security Service: IMY wants the whole picture.",
    )
    other_info: LongText = ask(
        "Övrig information",
        "Anything else",
        "Här kan ni lägga till sådant som inte passar i de andra frågorna.",
        "Add here what does not fit the other questions.",
    )
    secrecy_claim: LongText = ask(
        "Uppgifter som ni anser omfattas av sekretess",
        "What you consider secret",
        "Allt som skickas till IMY blir allmän handling; ange här vilka uppgifter ni anser "
        "omfattas av sekretess och varför.",
        "Everything sent to IMY becomes a public document; say here which details you consider "
        "secret and why.",
    )

    @field_validator("other_countries")
    @classmethod
    def _countries(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = [code.strip().upper() for code in value]
        for code in codes:
            if code not in EU_EEA_COUNTRIES:
                raise rule_error("country_not_eu_eea")
        return sorted(set(codes)) or None
