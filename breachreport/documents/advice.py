"""What the notice to data subjects (Art. 34) says about each kind of data, in plain Swedish and
English: a plain name for it, what a consequence means for the person, and advice they can follow.

Pure data and lookups. Sentences stay short and words plain: the notice must read under LIX 40.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.choices import BreachKind, Consequence, DataCategory, SubjectCategory
from ..domain.labels import Text

# The kinds of data as a person would name them ("your health", not "special category: health").
PLAIN_DATA: dict[DataCategory, Text] = {
    DataCategory.IDENTITY: Text("ditt namn", "your name"),
    DataCategory.CONTACT: Text(
        "dina kontaktuppgifter, som adress, telefon eller e-post",
        "your contact details, such as address, phone or email",
    ),
    DataCategory.BIRTH_DATE: Text("ditt födelsedatum", "your date of birth"),
    DataCategory.PERSONAL_NUMBER: Text("ditt personnummer", "your personal identity number"),
    DataCategory.FOREIGN_ID: Text(
        "ditt id-nummer eller skattenummer från ett annat land",
        "your identity or tax number from another country",
    ),
    DataCategory.FINANCIAL: Text(
        "uppgifter om din ekonomi, som konto eller kort",
        "details of your money, such as bank accounts or cards",
    ),
    DataCategory.CREDENTIALS: Text("ditt användarnamn eller lösenord", "your username or password"),
    DataCategory.LOCATION: Text(
        "uppgifter om var du är eller har varit", "details of where you are or have been"
    ),
    DataCategory.COMMUNICATION: Text(
        "uppgifter om vem du har haft kontakt med", "details of whom you have been in touch with"
    ),
    DataCategory.FAMILY: Text(
        "uppgifter om din familj och hur du lever", "details of your family and home life"
    ),
    DataCategory.VEHICLE: Text("ditt bilnummer", "the registration number of your car or vehicle"),
    DataCategory.EVALUATIVE: Text(
        "bedömningar av dig, som betyg eller omdömen",
        "assessments of you, such as grades or reviews",
    ),
    DataCategory.OFFICIAL_DOCUMENTS: Text(
        "kopior av id-kort, pass eller andra handlingar",
        "copies of identity cards, passports or other documents",
    ),
    DataCategory.CRIMINAL: Text("uppgifter om brott", "details of offences"),
    DataCategory.HEALTH: Text("uppgifter om din hälsa och vård", "details of your health and care"),
    DataCategory.ETHNIC_ORIGIN: Text("uppgifter om ditt ursprung", "your ethnic origin"),
    DataCategory.POLITICAL: Text("dina politiska åsikter", "your political opinions"),
    DataCategory.RELIGIOUS: Text("din tro eller livssyn", "your religion or beliefs"),
    DataCategory.TRADE_UNION: Text("om du är med i ett fackförbund", "your trade union membership"),
    DataCategory.SEX_LIFE: Text(
        "uppgifter om ditt sexliv eller din sexuella läggning",
        "your sex life or sexual orientation",
    ),
    DataCategory.GENETIC: Text("uppgifter om dina gener", "details of your genes"),
    DataCategory.BIOMETRIC: Text(
        "ditt fingeravtryck, din röst eller bild av ditt ansikte",
        "your fingerprint, voice or face image",
    ),
    DataCategory.SECRECY: Text("uppgifter som är hemliga enligt lag", "details kept secret by law"),
    DataCategory.OTHER: Text("andra uppgifter", "other details"),
}

# What happened to the data, by the kind of breach.
PLAIN_KINDS: dict[BreachKind, Text] = {
    BreachKind.CONFIDENTIALITY: Text(
        "Någon som inte har rätt till dina uppgifter kan ha sett dem.",
        "Someone who has no right to your data may have seen them.",
    ),
    BreachKind.INTEGRITY: Text(
        "Dina uppgifter kan ha ändrats utan lov.",
        "Your data may have been changed without permission.",
    ),
    BreachKind.AVAILABILITY: Text(
        "Dina uppgifter gick inte att nå under en tid.",
        "Your data could not be reached for a while.",
    ),
}

# What a likely consequence means for the person.
PLAIN_CONSEQUENCES: dict[Consequence, Text] = {
    Consequence.IDENTITY_THEFT: Text(
        "Någon kan försöka låtsas vara du, till exempel för att låna pengar.",
        "Someone may try to pretend to be you, for example to borrow money.",
    ),
    Consequence.FINANCIAL_LOSS: Text("Du kan förlora pengar.", "You may lose money."),
    Consequence.REPUTATION: Text(
        "Uppgifter om dig kan spridas och skada ditt rykte.",
        "Details about you may spread and harm your good name.",
    ),
    Consequence.DISCRIMINATION: Text(
        "Du kan bli sämre behandlad än andra.", "You may be treated worse than others."
    ),
    Consequence.LOSS_OF_CONTROL: Text(
        "Du kan inte själv styra vem som ser dina uppgifter.",
        "You cannot control who sees your data.",
    ),
    Consequence.LOSS_OF_SECRECY: Text(
        "Uppgifter som vi har tystnadsplikt för kan ha blivit kända.",
        "Details that we must keep secret may have become known.",
    ),
    Consequence.PHYSICAL_HARM: Text(
        "Din vård kan bli försenad. Det kan påverka din hälsa.",
        "Your care may be delayed. That may affect your health.",
    ),
    Consequence.DISTRESS: Text(
        "Det är naturligt att känna oro.",
        "It is natural to feel worried.",
    ),
}


@dataclass(frozen=True)
class Advice:
    """Advice for the people affected, shown when one of its kinds of data (or groups) is hit."""

    key: str
    title: Text
    steps: tuple[Text, ...]
    data: frozenset[DataCategory] = frozenset()
    subjects: frozenset[SubjectCategory] = frozenset()

    def applies(self, data: set[DataCategory], subjects: set[SubjectCategory]) -> bool:
        return bool(self.data & data or self.subjects & subjects)


_POLICE = Text(
    "Känner du dig hotad, ring polisen på 114 14. Vid fara, ring 112.",
    "If you feel threatened, call the police on 114 14. In danger, call 112.",
)

# Most urgent first: what a person should do today comes before what they should watch for.
CATALOGUE: tuple[Advice, ...] = (
    Advice(
        "passwords",
        Text("Byt lösenord", "Change your password"),
        (
            Text("Byt ditt lösenord så snart du kan.", "Change your password as soon as you can."),
            Text(
                "Har du samma lösenord på andra ställen? Byt det där också.",
                "Do you use the same password elsewhere? Change it there too.",
            ),
            Text(
                "Slå på inloggning i två steg där det går, till exempel med en kod i mobilen.",
                "Turn on two-step login where you can, for example with a code on your phone.",
            ),
        ),
        data=frozenset({DataCategory.CREDENTIALS}),
    ),
    Advice(
        "bank",
        Text("Kontakta din bank", "Contact your bank"),
        (
            Text(
                "Titta på dina kontoutdrag. Finns det köp eller uttag som du inte känner igen?",
                "Look at your bank statements. Are there payments or withdrawals you do not know?",
            ),
            Text(
                "Ring din bank om något ser fel ut. Banken kan spärra ditt kort och ge dig ett nytt.",
                "Call your bank if something looks wrong. The bank can block your card and send a new one.",
            ),
        ),
        data=frozenset({DataCategory.FINANCIAL}),
    ),
    Advice(
        "identity_fraud",
        Text("Skydda dig mot bedrägerier", "Protect yourself from fraud"),
        (
            Text(
                "Någon kan försöka använda ditt personnummer för att låna pengar eller handla i ditt namn.",
                "Someone may try to use your identity number to borrow money or buy things in your name.",
            ),
            Text(
                "Du kan be ett kreditupplysningsföretag, till exempel UC, om en spärr mot bedrägerier. "
                "Då blir det svårare att ta lån i ditt namn.",
                "You can ask a credit reference agency (in Sweden for example UC) for a fraud alert or "
                "a credit freeze. Then it is harder to borrow money in your name.",
            ),
            Text(
                "Läs brev om lån, krediter och köp noga. Ring företaget om du inte känner igen något.",
                "Read letters about loans, credit and purchases with care. Call the company if you do "
                "not know what they are about.",
            ),
            Text(
                "Har någon använt dina uppgifter? Gör en polisanmälan.",
                "Has someone used your details? Report it to the police.",
            ),
        ),
        data=frozenset(
            {DataCategory.PERSONAL_NUMBER, DataCategory.FOREIGN_ID, DataCategory.OFFICIAL_DOCUMENTS}
        ),
    ),
    Advice(
        "identity_document",
        Text("Om din id-handling", "About your identity document"),
        (
            Text(
                "En kopia av ett id-kort eller pass kan användas för att låtsas vara du.",
                "A copy of an identity card or passport can be used to pretend to be you.",
            ),
            Text(
                "Fråga den som gav ut handlingen om du bör spärra den och skaffa en ny.",
                "Ask whoever issued the document whether you should cancel it and get a new one.",
            ),
        ),
        data=frozenset({DataCategory.OFFICIAL_DOCUMENTS}),
    ),
    Advice(
        "phishing",
        Text(
            "Se upp för falska mejl, sms och samtal", "Watch out for fake emails, texts and calls"
        ),
        (
            Text(
                "Någon kan försöka lura dig. Det kan se ut som om det kommer från oss eller från din bank.",
                "Someone may try to trick you. It may look as if it comes from us or from your bank.",
            ),
            Text(
                "Klicka inte på länkar och öppna inte filer som du inte väntat dig.",
                "Do not click on links or open files that you did not expect.",
            ),
            Text(
                "Lämna aldrig ut lösenord eller koder. Logga aldrig in med BankID för att någon ber dig.",
                "Never give out passwords or codes. Never log in with BankID because someone asks you to.",
            ),
        ),
        data=frozenset({DataCategory.CONTACT, DataCategory.COMMUNICATION}),
    ),
    Advice(
        "health",
        Text("Frågor om din vård", "Questions about your care"),
        (
            Text(
                "Har du frågor om din vård eller behandling? Kontakta din mottagning som vanligt.",
                "Do you have questions about your care or treatment? Contact your clinic as usual.",
            ),
            Text(
                "Du kan också ringa 1177 för råd om vård, dygnet runt.",
                "You can also call 1177 for advice on care, day and night.",
            ),
        ),
        data=frozenset({DataCategory.HEALTH, DataCategory.GENETIC}),
    ),
    Advice(
        "location",
        Text("Om var du bor och var du är", "About where you live and go"),
        (
            Text(
                "Uppgifterna kan visa var du bor eller brukar vara.",
                "The data may show where you live or often go.",
            ),
            _POLICE,
        ),
        data=frozenset({DataCategory.LOCATION}),
    ),
    Advice(
        "sensitive",
        Text("Om känsliga uppgifter", "About sensitive details"),
        (
            Text(
                "Försöker någon hota eller pressa dig med uppgifterna? Svara inte. Spara meddelandet "
                "och gör en polisanmälan.",
                "Does someone try to threaten or press you with the data? Do not answer. Keep the "
                "message and report it to the police.",
            ),
        ),
        data=frozenset(
            {
                DataCategory.ETHNIC_ORIGIN,
                DataCategory.POLITICAL,
                DataCategory.RELIGIOUS,
                DataCategory.TRADE_UNION,
                DataCategory.SEX_LIFE,
                DataCategory.CRIMINAL,
            }
        ),
    ),
    Advice(
        "biometric",
        Text("Om fingeravtryck och ansiktsbild", "About fingerprints and face images"),
        (
            Text(
                "Ett fingeravtryck går inte att byta som ett lösenord.",
                "You cannot change a fingerprint the way you change a password.",
            ),
            Text(
                "Använder du det för att logga in? Fråga om du kan logga in på ett annat sätt.",
                "Do you use it to log in? Ask whether you can log in another way.",
            ),
        ),
        data=frozenset({DataCategory.BIOMETRIC}),
    ),
    Advice(
        "protected_identity",
        Text("Om du har skyddade personuppgifter", "If your personal details are protected"),
        (
            Text(
                "Kontakta oss direkt. Då går vi igenom vad som har hänt med just dina uppgifter.",
                "Contact us at once. Then we go through what happened to your details.",
            ),
            _POLICE,
        ),
        subjects=frozenset({SubjectCategory.PROTECTED_IDENTITY}),
    ),
    Advice(
        "safety",
        Text("Om din säkerhet", "About your safety"),
        (
            Text(
                "Uppgifterna kan visa vem du är för någon som vill dig illa.",
                "The data may show who you are to someone who means you harm.",
            ),
            Text(
                "Hör av dig till oss. Vi tar reda på vad just du behöver göra.",
                "Get in touch with us. We will find out what you need to do.",
            ),
            _POLICE,
        ),
        subjects=frozenset({SubjectCategory.VICTIMS, SubjectCategory.PERSECUTION_RISK}),
    ),
)

# When none of the above fits, or the kinds of data are not known yet.
GENERAL = Advice(
    "general",
    Text("Var uppmärksam", "Stay alert"),
    (
        Text(
            "Var försiktig om någon hör av sig och frågar efter dina uppgifter.",
            "Be careful if someone gets in touch and asks for your details.",
        ),
        Text("Kontakta oss om något verkar konstigt.", "Contact us if something seems odd."),
    ),
)


def advice_for(
    data: Iterable[DataCategory] | None, subjects: Iterable[SubjectCategory] | None = None
) -> list[Advice]:
    """The advice that fits these kinds of data and groups of people, most urgent first.

    Nothing that fits (names only, say, or nothing known yet) gives the general advice, so a
    notice never leaves a person without something to do.
    """
    hit, who = set(data or ()), set(subjects or ())
    found = [advice for advice in CATALOGUE if advice.applies(hit, who)]
    return found or [GENERAL]
