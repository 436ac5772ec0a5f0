"""``breachreport organisation show|set``: the organisation's own profile, the same one the app's
organisation page edits. It prefills every new incident, and a supplier's bulletin part is for the
organisation whose number it names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..i18n import Message, _
from .context import Run, accounts, dumps, pass_run
from .options import CONTEXT, SECTORS, Choice, command, json_option, lang_option
from .users import Actions

if TYPE_CHECKING:
    from ..services.organisation import OrganisationProfile

TEXT = "the organisation's own profile (name, organisation number, sector, regimes)"

# The command line's word for "not covered by the Cybersecurity Act", and the profile's.
NIS2_VALUES = {"essential": "essential", "important": "important", "none": "not_covered"}

_LABELS: tuple[tuple[str, Message], ...] = (
    ("name", _("Name")),
    ("org_number", _("Organisation number")),
    ("postal_address", _("Postal address")),
    ("sector", _("Sector")),
    ("nis2_entity", _("Under the Cybersecurity Act (NIS2)")),
    ("health_care", _("Provides health care")),
    ("contact_name", _("Contact person")),
    ("contact_phone", _("Contact's phone")),
    ("contact_email", _("Contact's email")),
    ("dpo_name", _("Data protection officer")),
    ("dpo_phone", _("DPO's phone")),
    ("dpo_email", _("DPO's email")),
)
NOT_ANSWERED = _("not answered")
YES = _("yes")
NO = _("no")


def _value(run: Run, profile: OrganisationProfile, name: str) -> str:
    value = getattr(profile, name)
    if value is None:
        return run.say(NOT_ANSWERED)
    if isinstance(value, bool):
        return run.say(YES if value else NO)
    label = getattr(value, "label", None)
    return f"{label(run.lang)} ({value.value})" if label else str(value)


def print_profile(run: Run, profile: OrganisationProfile) -> None:
    """The profile one answer a line, then which recipients' chains it turns on."""
    from ..services.organisation import regimes

    width = max(len(run.say(label)) for _name, label in _LABELS)
    for name, label in _LABELS:
        print(f"{run.say(label) + ':':<{width + 1}}  {_value(run, profile, name)}")
    print()
    run.echo(_("Who the organisation's incidents are reported to:"))
    marks = {True: "+", False: "-", None: "?"}
    for regime in regimes(profile):
        print(f"  {marks[regime.on]} {run.say(regime.says)}")


@command("show", "the organisation profile, and the regimes it turns on")
@json_option("the profile as JSON (the answers' stored values)")
@lang_option
@pass_run
def show(run: Run, as_json: bool) -> int:
    profile = accounts().organisation()
    if as_json:
        print(dumps(profile.model_dump(mode="json")))
        return 0
    if profile.name is None and profile.org_number is None:
        run.echo(_("No organisation profile yet. Give one with 'breachreport organisation set'."))
        return 0
    print_profile(run, profile)
    return 0


def _refused_org_number(given: str, problems: list[Any]) -> InputError:
    from ..domain.labels import Text

    why = [Text(p.sv, p.en) for p in problems if p.path == "controller.org_number"]
    return InputError(_("'{value}' is not an organisation number: {why}", value=given, why=why[0]))


def updated_profile(current: OrganisationProfile, changes: dict[str, Any]) -> OrganisationProfile:
    """``current`` with ``changes`` laid over it, checked as the app's form checks it."""
    from ..errors import FactsInvalid
    from ..services.organisation import OrganisationProfile

    answers = {**current.model_dump(mode="json", exclude_none=True), **changes}
    try:
        return OrganisationProfile.parse(answers)
    except FactsInvalid as error:
        if any(p.path == "controller.org_number" for p in error.problems):
            raise _refused_org_number(str(changes.get("org_number")), error.problems) from None
        raise


@command(
    "set",
    "change the organisation profile: the answers given replace the saved ones, the rest stay",
)
@click.option("--name", default=None, help="the organisation's name")
@click.option("--org-number", default=None, help="its organisation number, e.g. 212000-0142")
@click.option("--sector", default=None, type=Choice(SECTORS), help="its sector")
@click.option(
    "--nis2",
    default=None,
    type=Choice(tuple(NIS2_VALUES)),
    help="essential or important entity under the Cybersecurity Act, or none (not covered)",
)
@click.option(
    "--health-care/--no-health-care",
    "health_care",
    default=None,
    help="whether it provides health care (lex Maria reports to IVO)",
)
@lang_option
@pass_run
def set_(
    run: Run,
    name: str | None,
    org_number: str | None,
    sector: str | None,
    nis2: str | None,
    health_care: bool | None,
) -> int:
    from ..services.accounts import LOCAL_OPERATOR

    given = {
        "name": name,
        "org_number": org_number,
        "sector": sector,
        "nis2_entity": NIS2_VALUES[nis2] if nis2 else None,
        "health_care": health_care,
    }
    changes = {key: value for key, value in given.items() if value is not None}
    found = accounts()
    current = found.organisation()
    profile = updated_profile(current, changes)
    if profile.name is None or profile.org_number is None:
        raise InputError(
            _("The profile needs the organisation's name and number: give --name and --org-number.")
        )
    found.save_organisation(by=LOCAL_OPERATOR, profile=profile)
    run.echo(
        _(
            "Saved the organisation profile of {name} ({org_number}); new incidents start from it.",
            name=profile.name,
            org_number=profile.org_number,
        )
    )
    return 0


organisation = Actions(
    "organisation",
    commands=[show, set_],
    help=TEXT,
    short_help=TEXT,
    context_settings=CONTEXT,
    subcommand_metavar="ACTION",
)

COMMANDS = (organisation,)
