"""The likelihood that a disclosure harms the people (the EDPB's factors): who may now hold the
data and in what faith, what became of them, how long they lay open, and whether they could be
read at all. A lesson of the worked cases can make harm remote. Pure.
"""

from __future__ import annotations

from .choices import DataCategory
from .circumstance_choices import (
    Access,
    Deletion,
    DeviceState,
    Medium,
    Misuse,
    PasswordProtection,
    RecipientKind,
    Recipients,
)
from .labels import Text
from .risk_inputs import RECOVERED, Holder, Reading
from .risk_scale import Finding, Likelihood, Risk
from .severity import number as _n

# What became of the data that takes them out of a trusted recipient's hands.
_GONE = frozenset(
    {Deletion.CONFIRMED, Deletion.DELETED_BY_US, Deletion.RETURNED_UNREAD, Deletion.RETURNED_READ}
)


def _lesson(r: Reading) -> Finding | None:
    """A lesson of the worked cases that makes harm from disclosure unlikely, if one applies."""
    if r.unintelligible:
        return Finding(
            "strong_encryption",
            Text(
                "Uppgifterna var starkt krypterade och nyckeln är inte röjd: de är oläsbara för den "
                "som har dem, så en risk är osannolik (EDPB; art. 34.3 a).",
                "The data were strongly encrypted and the key is safe: they are unintelligible to "
                "whoever holds them, so a risk is unlikely (EDPB; Art. 34(3)(a)).",
            ),
            ("circumstances.encryption",),
            Risk.UNLIKELY,
        )
    if r.lost and DeviceState.RECOVERED_UNOPENED in r.device_state:
        return Finding(
            "recovered_unopened",
            Text(
                "Enheten återfanns och hade inte öppnats: ingen har kunnat ta del av uppgifterna, "
                "så en risk är osannolik.",
                "The device was recovered and had not been opened: nobody could take the data, so a "
                "risk is unlikely.",
            ),
            ("circumstances.device_state",),
            Risk.UNLIKELY,
        )
    holder = r.holder
    unread = r.deletion is Deletion.RETURNED_UNREAD and r.access is not Access.ACCESSED
    removed = r.deletion is Deletion.DELETED_BY_US and r.access is Access.NOT_ACCESSED
    if holder in (Holder.KNOWN_FEW, Holder.KNOWN_MANY) and (unread or removed):
        return Finding(
            "recovered",
            Text(
                "Uppgifterna kom tillbaka olästa eller togs bort av oss innan mottagarna kunde ta "
                "del av dem: en risk är osannolik (EDPB).",
                "The data came back unread or were removed by us before the recipients could take "
                "them: a risk is unlikely (EDPB).",
            ),
            ("circumstances.recipients", "circumstances.deletion", "circumstances.access"),
            Risk.UNLIKELY,
        )
    if (
        holder is Holder.KNOWN_FEW
        and r.recipient_kind in (RecipientKind.TRUSTED_SECRECY, RecipientKind.SAME_ORGANISATION)
        and r.deletion in _GONE
    ):
        return Finding(
            "trusted_recipient",
            Text(
                "Mottagaren är betrodd eller en kollega med tystnadsplikt, och uppgifterna är "
                "raderade (skriftligen bekräftat, eller borttagna av oss) eller tillbakalämnade: en "
                "risk är osannolik (EDPB).",
                "The recipient is trusted or a colleague bound by secrecy, and the data are deleted "
                "(confirmed in writing, or removed by us) or returned: a risk is unlikely (EDPB).",
            ),
            (
                "circumstances.recipients",
                "circumstances.recipient_kind",
                "circumstances.deletion",
            ),
            Risk.UNLIKELY,
        )
    if holder is Holder.NOBODY and not r.lost and r.access is Access.NOT_ACCESSED:
        return Finding(
            "not_accessed",
            Text(
                "Uppgifterna låg åtkomliga, men loggar eller mottagaren visar att ingen obehörig "
                "öppnade dem: en risk är osannolik.",
                "The data lay open, but logs or the recipient show that nobody unauthorised opened "
                "them: a risk is unlikely.",
            ),
            ("circumstances.access",),
            Risk.UNLIKELY,
        )
    if (
        DataCategory.CREDENTIALS in r.data
        and r.passwords is PasswordProtection.STRONG_SALTED_HASH
        and r.data <= {DataCategory.CREDENTIALS, DataCategory.IDENTITY}
    ):
        return Finding(
            "strong_hashing",
            Text(
                "Bara inloggningsuppgifter berörs, och lösenorden var starkt hashade och saltade med "
                "ett salt som inte röjts: en risk är osannolik (EDPB).",
                "Only credentials are affected, and the passwords were strongly hashed and salted "
                "with a salt that was not compromised: a risk is unlikely (EDPB).",
            ),
            ("data.data_categories", "circumstances.passwords"),
            Risk.UNLIKELY,
        )
    return None


_HOLDER = {
    Holder.ATTACKER: (
        Likelihood.HIGH,
        Text(
            "Uppgifterna kan finnas hos någon med uppsåt att skada (angripare, tjuv eller "
            "bedragare); det väger tyngre än en betrodd mottagare (EDPB)",
            "The data may be held by someone with malicious intent (attacker, thief or impostor); "
            "that weighs more than a trusted recipient (EDPB)",
        ),
    ),
    Holder.UNKNOWN_OR_MANY: (
        Likelihood.MEDIUM,
        Text(
            "Uppgifterna har nått okända mottagare och kan inte kallas tillbaka (EDPB)",
            "The data reached unknown recipients and cannot be recalled (EDPB)",
        ),
    ),
    Holder.KNOWN_MALICIOUS: (
        Likelihood.MEDIUM,
        Text(
            "En känd person som handlar i ond tro har uppgifterna (EDPB)",
            "A known person acting in bad faith holds the data (EDPB)",
        ),
    ),
    Holder.INTERESTED: (
        Likelihood.MEDIUM,
        Text(
            "Mottagaren har makt över eller intresse av personerna (t.ex. deras arbetsgivare); det "
            "den fått veta kan inte raderas ur minnet och kan användas mot dem (EDPB)",
            "The recipient has power over or an interest in the people (e.g. their employer); what "
            "it learnt cannot be deleted from memory and can be used against them (EDPB)",
        ),
    ),
    Holder.KNOWN_MANY: (
        Likelihood.MEDIUM,
        Text(
            "Många kända mottagare har fått uppgifterna; alla kan inte antas radera dem",
            "Many known recipients got the data; not all of them can be assumed to delete them",
        ),
    ),
    Holder.KNOWN_FEW: (
        Likelihood.LOW,
        Text(
            "En eller ett fåtal kända mottagare i god tro har fått uppgifterna",
            "One or a few known recipients in good faith got the data",
        ),
    ),
    Holder.NOBODY: (
        Likelihood.SLIGHT,
        Text(
            "Uppgifterna låg åtkomliga, men inget tyder på att någon obehörig tog del av dem",
            "The data lay open, but nothing shows that anyone unauthorised took them",
        ),
    ),
}
_TRUSTED = Text(
    "Mottagarna är betrodda eller kollegor med tystnadsplikt, men raderingen är inte bekräftad "
    "(EDPB kräver ett skriftligt intyg för att risken ska vara osannolik)",
    "The recipients are trusted or colleagues bound by secrecy, but deletion is not confirmed "
    "(the EDPB asks for a written confirmation before a risk is unlikely)",
)
_AFFECTED = Text(
    "Mottagarna tillhör själva den drabbade gruppen",
    "The recipients belong to the affected group themselves",
)
_RECALLED_MANY = Text(
    "Många mottagare, men uppgifterna togs tillbaka innan de flesta kunde läsa dem",
    "Many recipients, but the data were recalled before most could read them",
)
_PUBLISHED = Text(
    "Uppgifterna publicerades: vem som helst kan ha tagit dem, och de kan inte kallas tillbaka",
    "The data were published: anyone may have taken them, and they cannot be recalled",
)
_OPENED = Text(
    "Någon obehörig öppnade uppgifterna, fast ingen är känd för att ha dem",
    "Someone unauthorised opened the data, though nobody is known to hold them",
)
_LONG_OPEN = Text(
    "Uppgifterna låg åtkomliga länge ({hours_sv} timmar), så det är troligare att någon tog dem",
    "The data lay open for a long time ({hours_en} hours), so it is likelier that someone took them",
)
# From this long open on, that someone took the data counts as more than slight.
LONG_EXPOSURE_HOURS = 72.0


def _lost_device(r: Reading) -> tuple[Likelihood, Text, tuple[str, ...]]:
    state = r.device_state
    paths = ("description.breach_type", "circumstances.device_state", "circumstances.medium")
    locked = DeviceState.PASSWORD_LOCKED in state
    if r.medium in (Medium.PAPER, Medium.PHOTO_OF_PAPER):
        text = Text(
            "Papper kan läsas av vem som helst som hittar dem",
            "Paper can be read by whoever finds it",
        )
        return Likelihood.MEDIUM, text, paths
    if locked and DeviceState.REMOTE_WIPED in state:
        text = Text(
            "Enheten var låst och har fjärrraderats, men saknade stark kryptering; den kan ha lästs "
            "innan den raderades",
            "The device was locked and has been wiped remotely, but lacked strong encryption; it "
            "may have been read before it was wiped",
        )
        return Likelihood.LOW, text, paths
    if locked:
        text = Text(
            "Enheten var låst men inte starkt krypterad; den som har den kan läsa disken",
            "The device was locked but not strongly encrypted; whoever has it can read the disk",
        )
        return Likelihood.LOW, text, paths
    text = Text(
        "En förlorad enhet utan lås eller stark kryptering kan läsas av den som hittar den",
        "A lost device with no lock and no strong encryption can be read by whoever finds it",
    )
    return Likelihood.MEDIUM, text, paths


def _lower(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


def _exposure_hours(r: Reading) -> float | None:
    if r.exposure_hours is not None:
        return r.exposure_hours
    return None if r.undetected_days is None else r.undetected_days * 24


def likelihood(r: Reading) -> tuple[Likelihood, Finding]:
    """How likely harm from the disclosure is, with the finding that says why."""
    if r.misuse is Misuse.CONFIRMED:
        return Likelihood.HIGH, Finding(
            "likelihood",
            Text(
                "Sannolikheten att uppgifterna skadar personerna är hög: missbruk är bekräftat, så "
                "skadan är inte längre bara möjlig.",
                "The likelihood that the data harm the people is high: misuse is confirmed, so the "
                "harm is no longer merely possible.",
            ),
            ("circumstances.misuse",),
        )
    lesson = _lesson(r)
    if lesson is not None and r.misuse is not Misuse.SUSPECTED:
        return Likelihood.REMOTE, lesson
    holder = r.holder
    level, text = _HOLDER[holder]
    paths = r.holder_paths
    if holder is Holder.NOBODY and r.lost:
        level, text, paths = _lost_device(r)
    elif holder is Holder.NOBODY:
        hours = _exposure_hours(r)
        if r.access is Access.ACCESSED:
            level, text, paths = Likelihood.LOW, _OPENED, ("circumstances.access",)
        elif hours is not None and hours >= LONG_EXPOSURE_HOURS:
            level = Likelihood.LOW
            text = Text(
                _LONG_OPEN.sv.format(hours_sv=_n(round(hours), "sv")),
                _LONG_OPEN.en.format(hours_en=_n(round(hours), "en")),
            )
            paths = ("circumstances.exposure_hours", "times.occurred_from", "times.discovered_at")
    elif holder is Holder.ATTACKER and r.lost and DeviceState.PASSWORD_LOCKED in r.device_state:
        if DeviceState.REMOTE_WIPED in r.device_state:
            level = Likelihood.MEDIUM
            text = Text(
                "En tjuv har enheten, men den var låst och har fjärrraderats",
                "A thief has the device, but it was locked and has been wiped remotely",
            )
            paths = (*paths, "circumstances.device_state")
    elif holder is Holder.INTERESTED:
        paths = (*paths, "circumstances.recipient_kind")
    elif holder is Holder.UNKNOWN_OR_MANY and r.recipients is Recipients.PUBLISHED:
        level, text = Likelihood.HIGH, _PUBLISHED
    elif holder in (Holder.KNOWN_FEW, Holder.KNOWN_MANY):
        kind = r.recipient_kind
        if kind in (RecipientKind.TRUSTED_SECRECY, RecipientKind.SAME_ORGANISATION):
            level, text = (
                Likelihood.SLIGHT if holder is Holder.KNOWN_FEW else Likelihood.LOW,
                _TRUSTED,
            )
            paths = (*paths, "circumstances.recipient_kind", "circumstances.deletion")
        elif kind is RecipientKind.AFFECTED_GROUP:
            level, text = Likelihood.LOW, _AFFECTED
            paths = (*paths, "circumstances.recipient_kind")
        elif holder is Holder.KNOWN_MANY and r.deletion in RECOVERED:
            level, text = Likelihood.LOW, _RECALLED_MANY
            paths = (*paths, "circumstances.deletion")
    if r.misuse is Misuse.SUSPECTED and level < Likelihood.MEDIUM:
        level = Likelihood.MEDIUM
        text = Text(text.sv + ", och missbruk misstänks", text.en + ", and misuse is suspected")
        paths = (*paths, "circumstances.misuse")
    sv = f"Sannolikheten att uppgifterna skadar personerna är {level.text.sv}: {_lower(text.sv)}."
    en = f"The likelihood that the data harm the people is {level.text.en}: {_lower(text.en)}."
    return level, Finding("likelihood", Text(sv, en), tuple(dict.fromkeys(paths)))
