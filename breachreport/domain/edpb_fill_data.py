"""How the EDPB template's questions on the people and the data are answered from the facts:
the categories of data subjects, the counts, the types of data and the protection in place
before the breach. Each function returns the export's value or None. Pure.
"""

from __future__ import annotations

from . import edpb_choices as E
from .choices import DataCategory
from .circumstance_choices import (
    Backup,
    DeviceState,
    Encryption,
    PasswordProtection,
    Pseudonymisation,
)
from .edpb_fill import Source


def subject_groups(src: Source) -> list[str] | None:
    groups = src.facts.data.subject_categories
    if not groups:
        return None
    names = {g.value: g for g in E.SubjectGroup}
    mapped = {
        "pupils": E.SubjectGroup.STUDENTS,
        "residents": E.SubjectGroup.CITIZENS,
        "protected_identity": E.SubjectGroup.VULNERABLE,
        "victims": E.SubjectGroup.VULNERABLE,
        "persecution_risk": E.SubjectGroup.VULNERABLE,
    }
    found = [mapped.get(g.value) or names.get(g.value, E.SubjectGroup.OTHER) for g in groups]
    return [g.value for g in dict.fromkeys(found)]


def precision(count_path: str):
    """The precision of a count; "not yet known" is the template's "to be determined"."""

    def fill(src: Source) -> str | None:
        count = src.facts.value(count_path)
        if count is not None:
            return count.precision.value  # exact | approximate, as the template names them
        return E.CountPrecision.TBD.value if src.unknown(count_path) else None

    return fill


def count(count_path: str):
    def fill(src: Source) -> int | None:
        value = src.facts.value(count_path)
        return None if value is None else value.value

    return fill


_DATA = {
    DataCategory.IDENTITY: E.DataType.IDENTITY,
    DataCategory.CONTACT: E.DataType.CONTACT,
    DataCategory.BIRTH_DATE: E.DataType.IDENTITY,
    DataCategory.PERSONAL_NUMBER: E.DataType.NATIONAL_ID,
    DataCategory.FOREIGN_ID: E.DataType.NATIONAL_ID,
    DataCategory.FINANCIAL: E.DataType.FINANCIAL,
    DataCategory.CREDENTIALS: E.DataType.CREDENTIALS,
    DataCategory.LOCATION: E.DataType.LOCATION,
    DataCategory.COMMUNICATION: E.DataType.COMMUNICATION,
    DataCategory.FAMILY: E.DataType.FAMILY,
    DataCategory.EVALUATIVE: E.DataType.EVALUATIVE,
    DataCategory.OFFICIAL_DOCUMENTS: E.DataType.IDENTITY_DOCUMENTS,
    DataCategory.CRIMINAL: E.DataType.CRIMINAL,
    DataCategory.HEALTH: E.DataType.HEALTH,
    DataCategory.ETHNIC_ORIGIN: E.DataType.ETHNIC_ORIGIN,
    DataCategory.POLITICAL: E.DataType.POLITICAL,
    DataCategory.RELIGIOUS: E.DataType.RELIGIOUS,
    DataCategory.TRADE_UNION: E.DataType.TRADE_UNION,
    DataCategory.SEX_LIFE: E.DataType.SEX_LIFE,
    DataCategory.GENETIC: E.DataType.GENETIC,
    DataCategory.BIOMETRIC: E.DataType.BIOMETRIC,
}


def data_types(src: Source) -> list[str] | None:
    categories = src.facts.data.data_categories
    if not categories:
        return None
    found = [_DATA.get(c, E.DataType.OTHER) for c in categories]
    return [t.value for t in dict.fromkeys(found)]


def data_types_other(src: Source) -> str | None:
    """The organisation's own words, and what the template has no box for (e.g. secrecy)."""
    data = src.facts.data
    extra = [data.data_categories_other] if data.data_categories_other else []
    if DataCategory.SECRECY in (data.data_categories or []):
        extra.append(DataCategory.SECRECY.label("en"))
    if DataCategory.VEHICLE in (data.data_categories or []):
        extra.append(DataCategory.VEHICLE.label("en"))
    return "; ".join(extra) or None


def prior_measures(src: Source) -> list[str] | None:
    c = src.facts.circumstances
    found = []
    if c.encryption is Encryption.STRONG_KEY_SAFE:
        found.append(E.PriorMeasure.ENCRYPTION)
    if c.pseudonymised is Pseudonymisation.KEY_SAFE:
        found.append(E.PriorMeasure.PSEUDONYMISATION)
    if c.passwords is PasswordProtection.STRONG_SALTED_HASH:
        found.append(E.PriorMeasure.PASSWORD_HASHING)
    if c.backup in (Backup.RESTORED, Backup.AVAILABLE, Backup.HELD_ELSEWHERE):
        found.append(E.PriorMeasure.BACKUP)
    if DeviceState.PASSWORD_LOCKED in (c.device_state or []):
        found.append(E.PriorMeasure.DEVICE_LOCK)
    if DeviceState.REMOTE_WIPED in (c.device_state or []):
        found.append(E.PriorMeasure.REMOTE_WIPE)
    return [m.value for m in found] or None
