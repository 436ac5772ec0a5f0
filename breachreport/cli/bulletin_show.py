"""Reading bulletin files, what ``bulletin show`` prints about one (unsigned, signed, or one
customer's part), and the skeleton ``bulletin new`` writes for a supplier to fill in."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import BreachReportError, InputError
from ..i18n import Message, _
from .context import Run, read_input

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from ..domain.bulletin import Bulletin
    from ..runtime.bulletin_keys import Checked
    from ..services.organisation import OrganisationProfile
    from ..settings import Settings


def read_json(path: str) -> Any:
    """A bulletin file's content, read as the import reads it: InputError in one line if it is
    not JSON a bulletin can be (not UTF-8, a key twice, NaN, nested too deep, ...)."""
    from ..runtime.bulletin_keys import load_json

    return load_json(read_input(path))


def skeleton(profile: OrganisationProfile) -> dict[str, Any]:
    """A version-1 bulletin with the profile as the supplier and every other answer empty."""
    import secrets

    from ..domain.bulletin import BULLETIN_FORMAT, BulletinIncident, CustomerPart
    from ..domain.times import utc_now

    def empty(model: Any) -> dict[str, Any]:
        """Every answer of ``model`` at its default, a required one as None (to fill in)."""
        return {
            name: None if field.is_required() else field.get_default(call_default_factory=True)
            for name, field in model.model_fields.items()
        }

    now = utc_now().replace(microsecond=0)
    return {
        "format": BULLETIN_FORMAT,
        "supplier": {
            "name": profile.name,
            "org_number": profile.org_number,
            "contact_name": profile.contact_name,
            "contact_email": profile.contact_email,
            "contact_phone": profile.contact_phone,
        },
        "bulletin_id": f"{now:%Y%m%d}-{secrets.token_hex(3)}",
        "version": 1,
        "issued_at": now.isoformat(),
        "changes": None,
        "incident": BulletinIncident().model_dump(mode="json"),
        "customers": [empty(CustomerPart)],
    }


def read_bulletin(path: str) -> Bulletin:
    """An unsigned bulletin from ``path``, checked against the format; FactsInvalid naming each
    fault (the first in the line itself)."""
    from pydantic import ValidationError

    from ..domain.bulletin import SIGNED_FORMAT, Bulletin
    from ..domain.labels import Text
    from ..domain.problems import problems_from
    from ..errors import FactsInvalid

    data = read_json(path)
    if isinstance(data, dict) and data.get("format") == SIGNED_FORMAT:
        raise InputError(
            _("{file} is signed already; give the unsigned bulletin it was made from.", file=path)
        )
    try:
        # As strictly as the import reads it: "12" is no count and true no version.
        return Bulletin.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as error:
        problems = problems_from(error)
        first = problems[0]
        where = f"{first.path}: " if first.path else ""
        raise FactsInvalid(
            problems,
            _(
                "{file} is not a valid bulletin: {problem}",
                file=path,
                problem=Text(where + first.sv, where + first.en),
            ),
        ) from None


# -- show ------------------------------------------------------------------------------------------


def _keys(
    run: Run, settings: Settings
) -> tuple[dict[str, tuple[Message, Ed25519PublicKey]], dict[str, str]]:
    """Fingerprint -> (whose, key): this install's own key and every registered supplier's whose
    key the use cases give; and fingerprint -> name of every registered supplier."""
    from ..runtime.bulletin_keys import fingerprint, own_public_key, parse_public_key

    keys: dict[str, tuple[Message, Ed25519PublicKey]] = {}
    registered: dict[str, str] = {}
    try:
        from .context import workspace

        for supplier in workspace().bulletins.suppliers(actor=run.acting()):
            registered[supplier.fingerprint] = supplier.name
            text = getattr(supplier, "public_key", None)
            if text:
                keys[supplier.fingerprint] = (
                    _("the key of the registered supplier {name}", name=supplier.name),
                    parse_public_key(text),
                )
    except BreachReportError:  # no data folder here (a supplier's own install), or no right
        pass
    own = own_public_key(settings)
    if own is not None:
        keys[fingerprint(own)] = (_("this install's own key"), own)
    return keys, registered


def _print_bulletin(run: Run, bulletin: Bulletin) -> None:
    from ..domain.times import format_local

    supplier = bulletin.supplier
    run.echo(
        _("Supplier: {name} ({org_number})", name=supplier.name, org_number=supplier.org_number)
    )
    contact = ", ".join(
        v for v in (supplier.contact_name, supplier.contact_email, supplier.contact_phone) if v
    )
    if contact:
        run.echo(_("Contact: {contact}", contact=contact))
    run.echo(
        _(
            "Bulletin {bulletin_id}, version {version}, issued {issued}",
            bulletin_id=bulletin.bulletin_id,
            version=bulletin.version,
            issued=format_local(bulletin.issued_at, run.lang),
        )
    )
    if bulletin.changes:
        run.echo(_("What changed: {changes}", changes=bulletin.changes))
    else:
        run.echo(_("What changed: nothing; this is the first version."))
    if bulletin.incident.summary:
        run.echo(_("What happened: {summary}", summary=bulletin.incident.summary))


def _customer_line(org_number: str, name: str | None) -> str:
    return f"  {org_number}  {name or ''}".rstrip()


def _signature(
    checked: Checked, keys: dict[str, tuple[Message, Any]], registered: dict[str, str]
) -> Message:
    from ..domain.labels import Text

    refused = checked.refused
    why = Text(refused.in_("sv"), refused.in_("en")) if refused is not None else ""
    if not checked.key:  # no fingerprint: whatever the part names instead is not repeated
        return _("signature does NOT check: {why}", why=why)
    if checked.refused is None and checked.key in keys:
        return _(
            "signature checks against {whose} ({fingerprint})",
            whose=keys[checked.key][0],
            fingerprint=checked.key,
        )
    if checked.key not in keys and checked.key in registered:
        return _(
            "signed with the key of the registered supplier {name} ({fingerprint}); the "
            "signature is checked when you import it",
            name=registered[checked.key],
            fingerprint=checked.key,
        )
    if checked.key not in keys:
        return _(
            "signed by the key {fingerprint}, which is neither this install's nor a registered "
            "supplier's: not checked",
            fingerprint=checked.key,
        )
    return _("signature does NOT check: {why}", why=why)


def show_file(run: Run, file: str, settings: Settings) -> int:
    """Print what ``file`` says; 0, or 1 when a part's signature does not check against the key
    it names."""

    from ..domain.bulletin import BULLETIN_FORMAT, SIGNED_FORMAT

    data = read_json(file)
    kind = data.get("format") if isinstance(data, dict) else None
    if kind == BULLETIN_FORMAT:
        bulletin = read_bulletin(file)  # raises, naming the faults
        _print_bulletin(run, bulletin)
        run.echo(_("Customers:"))
        for customer in bulletin.customers:
            print(_customer_line(customer.org_number, customer.name))
        run.echo(_("Not signed."))
        return 0
    if kind != SIGNED_FORMAT:
        raise InputError(
            _(
                "{file} is neither a bulletin nor a signed bulletin (format {format}).",
                file=file,
                format=repr(kind),
            )
        )
    from ..runtime.bulletin_keys import check_parts

    keys, registered = _keys(run, settings)
    parts = check_parts(data, read_input(file), {fp: key for fp, (_whose, key) in keys.items()})
    readable = [p for p in parts if p.bulletin is not None]
    if not readable:
        raise InputError(_("{file} holds no readable signed part.", file=file))
    _print_bulletin(run, readable[0].bulletin)
    run.echo(
        _("One customer's part:") if len(parts) == 1 else _("Customers (one signed part each):")
    )
    for part in parts:
        name = (
            part.bulletin.customers[0].name if part.bulletin and part.bulletin.customers else None
        )
        print(_customer_line(part.org_number, name))
        print("    " + run.say(_signature(part, keys, registered)))
    # Non-zero for a signature that was checked and failed, or that is no signature at all; not
    # for a key unknown here.
    return 1 if any(p.refused is not None and (p.key in keys or not p.key) for p in parts) else 0
