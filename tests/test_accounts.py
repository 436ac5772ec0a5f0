"""Local accounts and the organisation profile on SQLite and PostgreSQL: the first DPO, sign-in and
its throttle, password rules in both languages, nothing personal at rest, tampering, prefilled facts."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY
from conftest import CHEAP
from sqlmodel import SQLModel

from breachreport.demo.scenario import ORGANISATION
from breachreport.domain.changes import apply
from breachreport.domain.facts import Facts
from breachreport.domain.status import Role
from breachreport.errors import (
    AuthenticationFailed,
    FactsInvalid,
    InputError,
    IntegrityError,
    NotFound,
    PermissionDenied,
    SettingsError,
)
from breachreport.services import Actor, Workspace
from breachreport.services.accounts import (
    PASSWORD_COMMON,
    PASSWORD_ONE_CHARACTER,
    PASSWORD_TOO_LONG,
    PASSWORD_TOO_SHORT,
    SESSION_IDLE_MINUTES,
    Account,
    Accounts,
    OrganisationProfile,
    default_password_hasher,
    password_problems,
    session_expired,
)
from breachreport.services.passwords import NAME_DELAY, PAIR_DELAY
from breachreport.settings import load_settings
from breachreport.storage import Store, downgrade, open_store, upgrade

T0 = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
PASSWORD = "tre blå hästar i snö"
# Cheap parameters so that the tests stay fast; one test checks the real ones.
NEUTRAL = "Wrong username or password."


class Clock:
    """A fixed clock that tests move by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store, clock) -> Accounts:
    return Accounts(store, clock=clock, password_hasher=CHEAP)


@pytest.fixture
def dpo(accounts) -> Account:
    return accounts.create_first_dpo(
        username="Karin.Holm@Nordmark.example.se", display_name="Karin Holm", password=PASSWORD
    )


def add(accounts: Accounts, by: Account, name: str, role: Role = Role.LEGAL_REVIEWER) -> Account:
    return accounts.add(
        by=by,
        username=f"{name.lower()}@nordmark.example.se",
        display_name=name,
        password=PASSWORD,
        role=role,
    )


def record(store: Store, account_id: str):
    with store.transaction(write=False) as tx:
        return tx.accounts.get(account_id)


# -- the first DPO ---------------------------------------------------------------------------------


def test_the_first_dpo_can_be_set_up_once_only(accounts):
    assert not accounts.has_accounts()
    first = accounts.create_first_dpo(
        username=" karin@nordmark.example.se ", display_name="Karin Holm", password=PASSWORD
    )
    assert accounts.has_accounts()
    assert (first.username, first.display_name, first.role) == (
        "karin@nordmark.example.se",
        "Karin Holm",
        Role.DPO,
    )
    assert (first.disabled, first.created_at, first.last_login_at) == (False, T0, None)
    with pytest.raises(PermissionDenied, match="already been set up"):
        accounts.create_first_dpo(
            username="mallory@example.se", display_name="Mallory", password=PASSWORD
        )
    assert accounts.list() == [first]


def test_of_simultaneous_first_dpos_exactly_one_is_made(store, accounts):
    people = 5
    barrier = threading.Barrier(people)
    results: list[str] = []

    def run(n: int) -> None:
        barrier.wait(30)  # every thread started: slow on a busy machine
        try:
            accounts.create_first_dpo(
                username=f"dpo{n}@example.se", display_name=f"DPO {n}", password=PASSWORD
            )
            results.append("made")
        except PermissionDenied:
            results.append("refused")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["made"] + ["refused"] * (people - 1)
    assert len(accounts.list()) == 1
    assert store.verify() == []


def test_a_refused_first_dpo_leaves_nothing_behind(store, accounts):
    with pytest.raises(InputError, match="at least 12 characters"):
        accounts.create_first_dpo(username="k@example.se", display_name="Kim", password="short")
    assert not accounts.has_accounts()
    accounts.create_first_dpo(username="k@example.se", display_name="Kim", password=PASSWORD)


# -- signing in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Karin.Holm@Nordmark.example.se",
        "karin.holm@nordmark.example.se",
        "  KARIN.HOLM@NORDMARK.EXAMPLE.SE\t",
    ],
)
def test_sign_in_works_whatever_the_case_of_the_username(accounts, dpo, clock, typed):
    clock.advance(hours=1)
    signed_in = accounts.authenticate(username=typed, password=PASSWORD)
    assert signed_in.id == dpo.id
    assert signed_in.username == "Karin.Holm@Nordmark.example.se"  # as typed when made
    assert signed_in.last_login_at == T0 + timedelta(hours=1)
    assert accounts.get(dpo.id).last_login_at == T0 + timedelta(hours=1)


@pytest.mark.parametrize("case", ["wrong password", "unknown user", "disabled", "throttled"])
def test_every_failed_sign_in_gives_the_same_neutral_message(accounts, dpo, clock, case):
    other = add(accounts, dpo, "Johan")
    username, password = "johan@nordmark.example.se", PASSWORD
    if case == "wrong password":
        password = "tre blå hästar i regn"
    elif case == "unknown user":
        username = "nobody@nordmark.example.se"
    elif case == "disabled":
        accounts.disable(by=dpo, account_id=other.id)
    else:
        for _ in range(PAIR_DELAY.free + 2):
            clock.advance(minutes=1)  # each try after the wait, so that each one counts
            with pytest.raises(AuthenticationFailed):
                accounts.authenticate(username=username, password="not the password")
    with pytest.raises(AuthenticationFailed) as caught:
        accounts.authenticate(username=username, password=password)
    if case == "throttled":
        # The right password, refused: the try came too early; the wait is told, nothing more.
        assert str(caught.value) == (
            "Wrong username or password. Wait 4 seconds before trying again."
        )
    else:
        assert str(caught.value) == NEUTRAL
    assert password not in repr(caught.value) and caught.value.__cause__ is None


@pytest.mark.parametrize("password", ["", None, 12345, "x" * 5000])
def test_odd_passwords_fail_like_wrong_ones(accounts, dpo, password):
    with pytest.raises(AuthenticationFailed, match=NEUTRAL):
        accounts.authenticate(username=dpo.username, password=password)


def test_failures_make_the_next_try_wait_longer_each_time_and_never_lock(
    store, accounts, dpo, clock
):
    def attempt(password: str = "not the password") -> int | None:
        """None if signed in, else the wait the refusal told (0 for none)."""
        try:
            accounts.authenticate(username=dpo.username, password=password)
        except AuthenticationFailed as refused:
            return refused.wait_seconds
        return None

    for _ in range(PAIR_DELAY.free - 1):
        assert attempt() == 0
    assert attempt() == 1  # the fifth: the next try waits a second
    assert attempt(PASSWORD) == 1  # too early: even the right password is refused ...
    assert attempt(PASSWORD) == 1  # ... and the early tries do not make the wait longer
    clock.advance(seconds=1)
    assert attempt() == 2  # the sixth failure doubles it
    clock.advance(seconds=2)
    assert attempt() == 4
    clock.advance(seconds=3)
    assert attempt(PASSWORD) == 1
    clock.advance(seconds=1)
    assert attempt(PASSWORD) is None

    # A success clears its own slot: four failures later the owner still signs in.
    for _ in range(PAIR_DELAY.free - 1):
        assert attempt() == 0
    assert attempt(PASSWORD) is None
    # Failures are never written to the account row any more.
    after = record(store, dpo.id)
    assert (after.failed_logins, after.locked_until) == (0, None)


def test_failures_older_than_an_hour_no_longer_count(accounts, dpo, clock):
    def fail() -> int:
        with pytest.raises(AuthenticationFailed) as caught:
            accounts.authenticate(username=dpo.username, password="not the password")
        return caught.value.wait_seconds

    told = [fail()]
    for _ in range(PAIR_DELAY.free + 6):
        clock.advance(seconds=told[-1])  # each try as soon as it may, so that each one counts
        told.append(fail())
    assert told == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128]
    clock.advance(hours=1, seconds=1)
    assert fail() == 0  # a fresh start: the old failures have left the window
    assert accounts.authenticate(username=dpo.username, password=PASSWORD).id == dpo.id


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (11, 64), (14, 512), (15, 900), (10**6, 900)],
)
def test_the_delay_of_one_name_from_one_address_doubles_up_to_15_minutes(failures, seconds):
    assert PAIR_DELAY.after(failures) == timedelta(seconds=seconds)


def test_the_delay_others_can_put_on_a_name_stays_at_a_minute_at_most():
    assert NAME_DELAY.after(NAME_DELAY.free - 1) == timedelta(0)
    assert NAME_DELAY.after(10**6) == timedelta(minutes=1)


def test_a_password_hashed_with_older_parameters_is_rehashed_at_sign_in(store, accounts, dpo):
    assert "$m=8,t=1,p=1$" in record(store, dpo.id).password_hash
    stronger = Accounts(
        store, password_hasher=PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    )
    stronger.authenticate(username=dpo.username, password=PASSWORD)
    rehashed = record(store, dpo.id).password_hash
    assert "$m=16,t=2," in rehashed and rehashed.startswith("$argon2id$")
    assert stronger.authenticate(username=dpo.username, password=PASSWORD).id == dpo.id
    assert store.verify() == []


def test_the_default_hasher_is_argon2id_with_the_rfc_9106_low_memory_profile():
    hasher = default_password_hasher()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )
    assert hasher.hash(PASSWORD).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_password_hash_never_leaves_the_storage_layer(store, accounts, dpo):
    stored = record(store, dpo.id)
    assert stored.password_hash.startswith("$argon2id$")
    assert stored.password_hash not in repr(stored)
    assert not hasattr(dpo, "password_hash")
    assert PASSWORD not in repr(dpo) and PASSWORD not in stored.password_hash


# -- managing accounts -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.DPO])
def test_a_dpo_or_an_admin_adds_accounts(accounts, dpo, clock, role):
    clock.advance(minutes=1)
    manager = add(accounts, dpo, "Manager", role)
    clock.advance(minutes=1)
    made = add(accounts, manager, "Lena", Role.SUPPLIER_CONTACT)
    assert made.role is Role.SUPPLIER_CONTACT
    assert (
        accounts.authenticate(username="LENA@nordmark.example.se", password=PASSWORD).id == made.id
    )
    assert [a.display_name for a in accounts.list()] == ["Karin Holm", "Manager", "Lena"]


@pytest.mark.parametrize("role", [Role.LEGAL_REVIEWER, Role.SUPPLIER_CONTACT])
def test_other_roles_cannot_add_accounts_or_change_the_profile(accounts, dpo, role):
    someone = add(accounts, dpo, "Someone", role)
    with pytest.raises(PermissionDenied, match="data protection officer or an administrator"):
        add(accounts, someone, "Other")
    with pytest.raises(PermissionDenied):
        accounts.disable(by=someone, account_id=dpo.id)
    with pytest.raises(PermissionDenied):
        accounts.save_organisation(by=someone, profile=OrganisationProfile(name="X"))
    assert len(accounts.list()) == 2


def test_the_role_that_counts_is_the_stored_one_not_the_callers_copy(accounts, dpo):
    reviewer = add(accounts, dpo, "Johan")
    forged = Account(**{**reviewer.__dict__, "role": Role.ADMIN})
    with pytest.raises(PermissionDenied):
        add(accounts, forged, "Eve")
    accounts.disable(by=dpo, account_id=(second := add(accounts, dpo, "Second", Role.DPO)).id)
    with pytest.raises(PermissionDenied):
        add(accounts, second, "Eve")  # disabled since it was read


@pytest.mark.parametrize(
    "username", ["karin.holm@nordmark.example.se", " KARIN.HOLM@nordmark.example.SE"]
)
def test_a_username_taken_in_any_case_is_an_input_error(accounts, dpo, username):
    with pytest.raises(InputError, match="already exists"):
        accounts.add(
            by=dpo, username=username, display_name="Karin 2", password=PASSWORD, role=Role.DPO
        )


def test_simultaneous_adds_of_one_username_make_one_account(accounts, dpo):
    barrier = threading.Barrier(4)
    results: list[str] = []

    def run(n: int) -> None:
        barrier.wait(30)  # every thread started: slow on a busy machine
        try:
            accounts.add(
                by=dpo,
                username="same@example.se",
                display_name=f"Same {n}",
                password=PASSWORD,
                role=Role.LEGAL_REVIEWER,
            )
            results.append("made")
        except InputError:
            results.append("taken")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["made", "taken", "taken", "taken"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "   ", "Enter a username"),
        ("username", "a\nb@example.se", "control characters"),
        ("username", "x" * 255, "too long"),
        ("display_name", "", "Enter a display name"),
        ("display_name", "\u3164\u2800", "Enter a display name"),  # blank-looking letters only
        ("display_name", "Kim\u2028Lund", "control characters or line breaks"),
        ("display_name", "Kim \u202eLund", "control characters or line breaks"),
        ("role", "owner", "Unknown role 'owner'"),
    ],
)
def test_malformed_account_details_are_input_errors(accounts, dpo, field, value, message):
    details = {
        "username": "new@example.se",
        "display_name": "New",
        "password": PASSWORD,
        "role": "legal_reviewer",
        field: value,
    }
    with pytest.raises(InputError, match=message):
        accounts.add(by=dpo, **details)


def test_a_disabled_account_cannot_sign_in_until_enabled(accounts, dpo):
    johan = add(accounts, dpo, "Johan")
    assert accounts.disable(by=dpo, account_id=johan.id).disabled
    assert accounts.get(johan.id).disabled
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(username="johan@nordmark.example.se", password=PASSWORD)
    assert not accounts.enable(by=dpo, account_id=johan.id).disabled
    assert accounts.authenticate(username="johan@nordmark.example.se", password=PASSWORD).id == (
        johan.id
    )


def test_enabling_leaves_no_lock_to_lift_only_a_short_wait(accounts, dpo, clock):
    add(accounts, dpo, "Johan")
    for _ in range(PAIR_DELAY.free):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(username="johan@nordmark.example.se", password="wrong wrong!")
    clock.advance(seconds=1)
    accounts.authenticate(username="johan@nordmark.example.se", password=PASSWORD)


def test_nobody_disables_their_own_account(accounts, dpo):
    with pytest.raises(PermissionDenied, match="your own account"):
        accounts.disable(by=dpo, account_id=dpo.id)


def test_unknown_account_ids_are_not_found(accounts, dpo):
    for call in (
        lambda: accounts.get(uuid.uuid4().hex),
        lambda: accounts.disable(by=dpo, account_id=uuid.uuid4().hex),
        lambda: accounts.change_password(
            account_id=uuid.uuid4().hex, old_password=PASSWORD, new_password=PASSWORD + "!"
        ),
    ):
        with pytest.raises(NotFound):
            call()


def test_changing_the_password_needs_the_current_one(accounts, dpo):
    new = "fyra röda kor på äng"
    with pytest.raises(AuthenticationFailed, match="not accepted"):
        accounts.change_password(account_id=dpo.id, old_password="wrong wrong!", new_password=new)
    with pytest.raises(InputError, match="at least 12"):
        accounts.change_password(account_id=dpo.id, old_password=PASSWORD, new_password="short")
    with pytest.raises(InputError, match="differ"):
        accounts.change_password(account_id=dpo.id, old_password=PASSWORD, new_password=PASSWORD)
    accounts.change_password(account_id=dpo.id, old_password=PASSWORD, new_password=new)
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(username=dpo.username, password=PASSWORD)
    assert accounts.authenticate(username=dpo.username, password=new).id == dpo.id


def test_wrong_current_passwords_count_towards_the_throttle(accounts, dpo, clock):
    for _ in range(PAIR_DELAY.free):
        with pytest.raises(AuthenticationFailed):
            accounts.change_password(
                account_id=dpo.id, old_password="wrong wrong!", new_password="fyra röda kor på äng"
            )
    with pytest.raises(AuthenticationFailed) as caught:
        accounts.authenticate(username=dpo.username, password=PASSWORD)
    assert caught.value.wait_seconds == 1
    with pytest.raises(AuthenticationFailed, match="not accepted"):
        accounts.change_password(
            account_id=dpo.id, old_password=PASSWORD, new_password="fyra röda kor på äng"
        )
    clock.advance(seconds=1)
    assert accounts.authenticate(username=dpo.username, password=PASSWORD).id == dpo.id


# -- password rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("kort", [PASSWORD_TOO_SHORT]),
        ("password", [PASSWORD_TOO_SHORT, PASSWORD_COMMON]),
        ("zzzzzzzzzzzzzzzz", [PASSWORD_ONE_CHARACTER]),
        ("Password1234", [PASSWORD_COMMON]),
        ("Lösenord2024!", [PASSWORD_COMMON]),
        ("Sommaren2024!", [PASSWORD_COMMON]),
        ("123456789012", [PASSWORD_COMMON]),
        ("abcdefghijklmn", [PASSWORD_COMMON]),
        ("qwertyuiopåasd", [PASSWORD_COMMON]),
        ("abcabcabcabcab", [PASSWORD_COMMON]),
        ("x" * 1001 + "y", [PASSWORD_TOO_LONG]),
        (PASSWORD, []),
        ("correct horse battery staple", []),
        ("K7#vq9!mZr2p", []),
    ],
)
def test_password_rules(password, problems):
    assert password_problems(password) == problems


def test_password_problems_read_in_swedish_and_english(accounts, dpo):
    [short] = password_problems("kort")
    assert short("sv") == "Lösenordet måste ha minst 12 tecken."
    assert short("en") == "The password must have at least 12 characters."
    assert "för vanligt" in PASSWORD_COMMON.sv and "too common" in PASSWORD_COMMON.en
    with pytest.raises(InputError) as caught:
        accounts.add(
            by=dpo,
            username="new@example.se",
            display_name="New",
            password="aaaaaaaa",
            role=Role.DPO,
        )
    message = str(caught.value)
    assert PASSWORD_TOO_SHORT.en in message and PASSWORD_ONE_CHARACTER.en in message
    assert "aaaaaaaa" not in message


# -- sessions and settings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("idle", "expired"),
    [
        (timedelta(0), False),
        (timedelta(minutes=29, seconds=59), False),
        (timedelta(minutes=30), True),
    ],
)
def test_a_session_expires_after_30_idle_minutes(idle, expired):
    assert SESSION_IDLE_MINUTES == 30
    assert session_expired(T0, T0 + idle, 30) is expired


def test_the_idle_time_is_a_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("BREACHREPORT_HOME", str(tmp_path))
    monkeypatch.delenv("BREACHREPORT_SESSION_IDLE_MINUTES", raising=False)
    assert load_settings().session_idle_minutes == 30
    monkeypatch.setenv("BREACHREPORT_SESSION_IDLE_MINUTES", "10")
    minutes = load_settings().session_idle_minutes
    assert minutes == 10 and session_expired(T0, T0 + timedelta(minutes=10), minutes)
    monkeypatch.setenv("BREACHREPORT_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(SettingsError, match="session_idle_minutes"):
        load_settings()


# -- the organisation profile ----------------------------------------------------------------------


def region_profile() -> OrganisationProfile:
    return OrganisationProfile(**{path.split(".", 1)[1]: v for path, v in ORGANISATION.items()})


def test_the_profile_is_empty_until_saved_and_then_round_trips(store, accounts, dpo):
    assert accounts.organisation() == OrganisationProfile()
    assert accounts.organisation().as_changes() == {}
    accounts.save_organisation(by=dpo, profile=region_profile())
    assert accounts.organisation() == region_profile()
    smaller = OrganisationProfile(name="Region Nordmark", dpo_email="dso@nordmark.example.se")
    accounts.save_organisation(by=dpo, profile=smaller)
    assert accounts.organisation() == smaller
    assert store.verify() == []


def test_the_profile_prefills_facts_that_parse(store, accounts, dpo):
    profile = region_profile()
    changes = profile.as_changes()
    assert set(changes) == set(ORGANISATION)
    assert apply(Facts(), changes) == apply(Facts(), ORGANISATION)
    partial = OrganisationProfile(name="Region Nordmark", dpo_phone="090-785 00 00")
    assert partial.as_changes() == {
        "controller.name": "Region Nordmark",
        "contact.dpo_phone": "+46 90 785 00 00",
    }
    facts = apply(Facts(), partial.as_changes())
    assert (facts.controller.name, facts.contact.dpo_phone) == tuple(partial.as_changes().values())
    incident = Workspace(store).open_incident(actor=dpo.actor, changes=changes)
    assert incident.facts.contact.dpo_email == "dataskyddsombud@nordmark.example.se"


def test_a_saved_answer_that_newer_rules_refuse_is_left_out_not_fatal(store, accounts, dpo):
    with store.transaction() as tx:
        tx.organisation.save(
            profile={"name": "Region Nordmark", "dpo_email": "not an address"},
            saved_at=T0,
            saved_by=dpo.id,
        )
    assert accounts.organisation() == OrganisationProfile(name="Region Nordmark")


def test_a_bad_profile_answer_names_its_facts_path_in_both_languages():
    with pytest.raises(FactsInvalid) as caught:
        OrganisationProfile.parse({"name": "Region Nordmark", "dpo_email": "not an address"})
    [problem] = caught.value.problems
    assert problem.path == "contact.dpo_email"
    assert caught.value.messages("sv") == [
        "E-postadressen är inte giltig (exempel: namn@exempel.se)."
    ]
    assert "organisation profile" in str(caught.value)
    assert OrganisationProfile.parse({"sector": "region"}).sector.value == "region"


# -- history ---------------------------------------------------------------------------------------


def test_history_shows_the_accounts_display_name_and_role(store, accounts, dpo):
    johan = add(accounts, dpo, "Johan Ek")
    assert johan.actor == Actor(name="Johan Ek", role=Role.LEGAL_REVIEWER, account_id=johan.id)
    workspace = Workspace(store, clock=lambda: T0)
    incident = workspace.open_incident(actor=dpo.actor, changes={"controller.name": "Region"})
    workspace.reviews.assign_reviewer(actor=dpo.actor, ref=incident.reference, reviewer=johan.actor)
    workspace.reviews.comment(
        actor=johan.actor, ref=incident.reference, section="controller", text="Add our reference."
    )
    history = workspace.history(incident.reference)
    assert [(h.kind, h.actor, h.role) for h in history] == [
        ("opened", "Karin Holm", "dpo"),
        ("reviewer_assigned", "Karin Holm", "dpo"),
        ("commented", "Johan Ek", "legal_reviewer"),
    ]
    with store.transaction(write=False) as tx:
        events = tx.events.for_incident(incident.id)
    assert [e.actor_id for e in events] == [record(store, a.id).actor_id for a in (dpo, dpo, johan)]


# -- nothing personal at rest ----------------------------------------------------------------------


def test_usernames_names_contacts_and_passwords_never_reach_the_files(sqlite_url, ring):
    marker = f"marker{uuid.uuid4().hex}"
    password = f"{marker} password"
    store = open_store(sqlite_url, ring)
    accounts = Accounts(store, clock=Clock(), password_hasher=CHEAP)
    dpo = accounts.create_first_dpo(
        username=f"{marker}@example.se", display_name=f"{marker} DPO", password=password
    )
    accounts.add(
        by=dpo,
        username=f"{marker}.two@example.se",
        display_name=f"{marker} Two",
        password=password,
        role=Role.ADMIN,
    )
    accounts.authenticate(username=f"{marker.upper()}@EXAMPLE.SE", password=password)
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(username=f"{marker}@example.se", password=f"{marker} wrong")
    profile = OrganisationProfile(
        name=f"{marker} Region",
        postal_address=f"{marker} Box 700",
        contact_name=f"{marker} contact",
        contact_email=f"{marker}.contact@example.se",
        dpo_name=f"{marker} dpo",
        dpo_email=f"{marker}.dpo@example.se",
    )
    accounts.save_organisation(by=dpo, profile=profile)
    assert accounts.organisation() == profile
    assert {a.display_name for a in accounts.list()} == {f"{marker} DPO", f"{marker} Two"}

    folder = Path(sa.make_url(sqlite_url).database).parent

    def leaks() -> list[str]:
        needles = [marker.encode(), marker.upper().encode(), password.encode()]
        return [
            p.name
            for p in folder.iterdir()
            if p.is_file() and any(n in p.read_bytes() for n in needles)
        ]

    assert any(p.name.endswith("-wal") for p in folder.iterdir())
    assert any(p.name.endswith("-shm") for p in folder.iterdir())
    assert leaks() == []
    store.dispose()
    assert leaks() == []


# -- tampering -------------------------------------------------------------------------------------


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def flip(value):
    if isinstance(value, bytes):
        middle = len(value) // 2
        return value[:middle] + bytes([value[middle] ^ 0x01]) + value[middle + 1 :]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 100
    if isinstance(value, str):
        middle = len(value) // 2
        return value[:middle] + chr(ord(value[middle]) ^ 0x01) + value[middle + 1 :]
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if value is None:
        return T0
    raise TypeError(type(value))


def tamper(store: Store, name: str, column: str, where, new=flip) -> None:
    t = table(name)
    with store.engine.begin() as connection:
        value = connection.execute(sa.select(t.c[column]).where(where)).scalar_one()
        result = connection.execute(sa.update(t).where(where).values({column: new(value)}))
        assert result.rowcount == 1


ACCOUNT_COLUMNS = [
    "login_index",
    "username_ct",
    "display_name_ct",
    "password_hash",
    "role",
    "disabled",
    "created_at",
    "last_login_at",
    "failed_logins",
    "locked_until",
    "row_mac",
]


@pytest.mark.parametrize("column", ACCOUNT_COLUMNS)
def test_one_changed_value_in_an_account_row_is_reported_and_refused(store, accounts, dpo, column):
    johan = add(accounts, dpo, "Johan")
    accounts.authenticate(username=dpo.username, password=PASSWORD)
    assert store.verify() == []
    new = (lambda _: "admin") if column == "role" else flip
    tamper(store, "account", column, table("account").c.id == dpo.id, new)
    damage = store.verify()
    assert damage and all(d.incident_id is None for d in damage)
    assert all(d.problem.startswith(f"account {dpo.id}:") for d in damage)
    with pytest.raises(IntegrityError, match=dpo.id):
        accounts.get(dpo.id)
    with pytest.raises(IntegrityError):
        accounts.list()
    if column != "login_index":  # with a changed index the username finds nothing at all
        with pytest.raises(IntegrityError):
            accounts.authenticate(username=dpo.username, password=PASSWORD)
    assert accounts.get(johan.id).display_name == "Johan"  # the others still open


def test_an_account_pointed_at_another_actor_is_reported(store, accounts, dpo):
    with store.transaction() as tx:
        other = tx.actors.ensure(name="Someone else", role="dpo")
    tamper(store, "account", "actor_id", table("account").c.id == dpo.id, lambda _: other)
    assert [d.problem.split(":")[0] for d in store.verify()] == [f"account {dpo.id}"]
    with pytest.raises(IntegrityError):
        accounts.get(dpo.id)


def test_a_password_hash_copied_from_another_account_does_not_open_it(store, accounts, dpo):
    add(accounts, dpo, "Eve")
    t = table("account")
    with store.engine.begin() as connection:
        eves = connection.execute(sa.select(t.c.password_hash).where(t.c.id != dpo.id)).scalar_one()
        connection.execute(sa.update(t).where(t.c.id == dpo.id).values(password_hash=eves))
    with pytest.raises(IntegrityError):
        accounts.authenticate(username=dpo.username, password=PASSWORD)
    assert store.verify()


def test_swapped_login_indexes_are_reported(store, accounts, dpo):
    johan = add(accounts, dpo, "Johan")
    t = table("account")
    with store.engine.begin() as connection:
        index = dict(connection.execute(sa.select(t.c.id, t.c.login_index)).all())
        connection.execute(sa.update(t).where(t.c.id == dpo.id).values(login_index="x"))
        connection.execute(sa.update(t).where(t.c.id == johan.id).values(login_index=index[dpo.id]))
        connection.execute(sa.update(t).where(t.c.id == dpo.id).values(login_index=index[johan.id]))
    assert {d.problem.split(":")[0] for d in store.verify()} == {
        f"account {dpo.id}",
        f"account {johan.id}",
    }
    with pytest.raises(IntegrityError):
        accounts.authenticate(username=dpo.username, password=PASSWORD)


@pytest.mark.parametrize("column", ["profile_ct", "updated_at", "updated_by", "row_mac"])
def test_a_tampered_profile_is_reported_and_refused(store, accounts, dpo, column):
    accounts.save_organisation(by=dpo, profile=region_profile())
    tamper(store, "organisation", column, sa.true())
    damage = store.verify()
    assert damage and all(d.incident_id is None for d in damage)
    assert all(d.problem.startswith("the organisation profile") for d in damage)
    with pytest.raises(IntegrityError, match="organisation profile"):
        accounts.organisation()
    with pytest.raises(IntegrityError):  # saving must not hide the damage
        accounts.save_organisation(by=dpo, profile=OrganisationProfile())


# -- migrations ------------------------------------------------------------------------------------


def test_downgrading_below_accounts_lets_the_first_dpo_be_set_up_again(database_url, ring):
    store = open_store(database_url, ring)
    accounts = Accounts(store, password_hasher=CHEAP)
    accounts.create_first_dpo(username="k@example.se", display_name="Kim", password=PASSWORD)
    store.dispose()
    downgrade(database_url, "0001")
    upgrade(database_url)
    store = open_store(database_url, ring)
    accounts = Accounts(store, password_hasher=CHEAP)
    assert not accounts.has_accounts()
    accounts.create_first_dpo(username="k@example.se", display_name="Kim", password=PASSWORD)
    assert store.verify() == []
    store.dispose()
