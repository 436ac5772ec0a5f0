"""The overview: the Art. 33(5) register with each incident's status, severity band, 72-hour
deadline and the next deadline of every other chain (CERT-SE, "if significant" while that is not
known), filters, a way to open an incident, the register to download as CSV or Excel (made only
when clicked), and incidents over time by kind and cause.

Reads the register's sealed summaries once per rerun; the other chains' clocks are read only for
the incidents whose deadlines can still run (see ``other_chains``), never for every incident.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...domain.severity import Band
from ...domain.status import Status
from ...domain.times import to_stockholm, utc_now
from ...errors import BreachReportError
from ...i18n import _, _p
from ...services.accounts import MANAGERS, Account
from ...services.permissions import UseCase, may
from ...services.waiting import Kind, Waiting, waiting_for
from .. import context, texts
from ..context import t
from ..downloads import FORMAT_NAMES, MADE_ON_CLICK, REGISTER_TYPES, register_maker
from ..table_view import cell, table_view, text_frame
from . import navigate
from .deadlines import calendar_download
from .other_chains import other_chains
from .register_table import counts_by_month, filter_frame, register_frame

TITLE = _("Overview")
LEAD = _(
    "The register of every personal data breach, notified or not (GDPR Art. 33(5)). The 72-hour "
    "deadline runs from when you became aware; it turns red with under 12 hours left."
)
NEW = _("New incident")
EMPTY = _(
    "The register is empty. Start an incident as soon as you suspect that personal data leaked, "
    "were destroyed or became unavailable: the deadline runs from awareness."
)
NO_PROFILE = _(
    "The organisation profile is not filled in. It fills in the organisation's details and the "
    "contact of every new incident."
)
FILL_PROFILE = _("Fill in the profile")
RUNNING = _("Running deadlines")
URGENT = _("Under 12 hours left")
MISSED = _("Missed, not filed")
ATTENTION = _("Needs action now: {refs}")
FILTER_STATUS = _("Status")
FILTER_BAND = _("Severity")
ALL = _("All")
SEARCH = _("Search reference or title")
SHOWN = _("{shown} of {total} incidents")
NONE_MATCH = _("No incidents match the filters.")
OPEN_LABEL = _("Open an incident")
OPEN = _("Open")
DOWNLOAD = _("Download the register")
DOWNLOAD_EXPLAIN = _(
    "The Art. 33(5) register: every incident you may see, including those not notified to IMY, "
    "with the decision, who took it and why. The whole register, whatever the filters above; in "
    "English. IMY may ask to see it."
)
REGISTER_FILE = "breachreport-register.{day}.{lang}.{fmt}"
CHART_TITLE = _("Incidents over time")
BY_TYPE = _("By kind of breach")
BY_CAUSE = _("By cause")
MONTH = _("Month (awareness)")
COUNT = _("Number")
REGISTER = _("the register")

WAITING = _("Waiting for you")
NOTHING_WAITING = _("Nothing is waiting for you right now.")
WAITING_KINDS = {
    Kind.DEADLINE: _("Deadline within 24 hours"),
    Kind.PROPOSAL: _("Proposal to review"),
    Kind.REVIEW: _("Review assigned to you"),
    Kind.WITHDRAWN: _("Approval withdrawn by a change"),
}
WAITING_ICONS = {
    Kind.DEADLINE: ":material/timer:",
    Kind.PROPOSAL: ":material/handshake:",
    Kind.REVIEW: ":material/gavel:",
    Kind.WITHDRAWN: ":material/undo:",
}
DUE = _("due {at}")
SINCE = _("{at}")
GO = _("Go there")

HEADERS = {
    "reference": _p("incident", "Reference"),
    "title": _("Title"),
    "status": _("Status"),
    "band": _("Severity"),
    "deadline": _("72-hour deadline"),
    "hours_left": _("Hours left"),
    "due": _("Due (Swedish time)"),
    "chains": _("Other recipients' deadlines"),
    "aware": _("Aware"),
    "duty": _("Decision"),
    "filings": _("Filings"),
    "case_number": _("IMY case number"),
    "breach_type": _("Kind"),
    "cause": _("Cause"),
}
HELP = {
    "deadline": _(
        "Notification to IMY within 72 hours of awareness (Art. 33(1)). 🔴 under 12 hours left, "
        "⛔ missed, ✅ met, — not applicable (decision to document only)."
    ),
    "band": _("Severity by ENISA's method, computed from the answers."),
    "hours_left": _("Negative when the deadline passed without a notification."),
    "chains": _(
        "The next deadline of each other recipient's chain, e.g. the early warning to CERT-SE "
        "under the Cybersecurity Act; 'if the incident is significant' while that is not known."
    ),
}


def overview() -> None:
    user = context.require_user()
    lang = context.lang()
    head, action = st.columns([4, 1], vertical_alignment="bottom")
    head.title(t(TITLE))
    if may(user.role, UseCase.OPEN_INCIDENT) and action.button(
        t(NEW), type="primary", icon=":material/add:", key="br_overview_new"
    ):
        navigate.go_to(navigate.NEW)
    st.caption(t(LEAD))
    if user.role in MANAGERS and not context.accounts().organisation().name:
        _profile_reminder()
    try:
        rows = context.workspace().register()
    except BreachReportError as error:
        context.show_error(error)
        return
    if not rows:
        st.info(t(EMPTY))
        return
    _waiting(user, rows)
    now = context.workspace().clock()
    frame = register_frame(rows, now=now, lang=lang)
    lines, urgent = other_chains(context.workspace(), rows, now=now, lang=lang)
    frame["chains"] = [lines.get(ref, "") for ref in frame["reference"]]
    frame["chains_urgent"] = [ref in urgent for ref in frame["reference"]]
    _summary(frame)
    shown = _filtered(frame)
    _table(shown, total=len(frame))
    _open(shown)
    if may(user.role, UseCase.LIST_REGISTER):
        _register_downloads(user, lang)
        calendar_download(user)
    _charts(shown)


def _waiting(user: Account, rows: list) -> None:
    """What waits for this person, each with a button to the page where it is done."""
    st.header(t(WAITING))
    try:
        items = waiting_for(context.resources().workspace, user.actor, rows=rows)
    except BreachReportError as error:
        context.show_error(error)
        return
    if not items:
        st.caption(t(NOTHING_WAITING))
        return
    for number, item in enumerate(items):
        _waiting_row(item, number)


def _waiting_row(item: Waiting, number: int) -> None:
    from ..incident.page import literal, when  # noqa: PLC0415 - the shell imports no page eagerly

    text, button = st.columns([5, 1], vertical_alignment="center")
    name = f"{item.reference} – {literal(item.title)}" if item.title else item.reference
    at = ""
    if item.at is not None:
        at = " · " + t(DUE if item.kind is Kind.DEADLINE else SINCE, at=when(item.at))
    text.markdown(
        f"{WAITING_ICONS[item.kind]} **{t(WAITING_KINDS[item.kind])}** · {name}  \n"
        f"{literal(t(item.what))}{at}"
    )
    if button.button(t(GO), key=f"br_waiting.{number}", icon=":material/arrow_forward:"):
        navigate.open_incident(item.reference, item.page)


def _profile_reminder() -> None:
    note, button = st.columns([4, 1], vertical_alignment="center")
    note.info(t(NO_PROFILE), icon=":material/domain:")
    if button.button(t(FILL_PROFILE), key="br_overview_profile"):
        navigate.go_to(navigate.ORGANISATION)


def _summary(frame: pd.DataFrame) -> None:
    running = frame["hours_left"].notna() & (frame["hours_left"] >= 0)
    missed = frame["hours_left"].notna() & (frame["hours_left"] < 0)
    urgent = running & frame["urgent"]
    one, two, three = st.columns(3)
    one.metric(t(RUNNING), int(running.sum()), border=True)
    two.metric(t(URGENT), int(urgent.sum()), border=True)
    three.metric(t(MISSED), int(missed.sum()), border=True)
    pressing = frame[frame["urgent"] | frame["chains_urgent"]]
    if not pressing.empty:
        labels = [
            deadline if is_urgent else chain
            for deadline, chain, is_urgent in zip(
                pressing["deadline"], pressing["chains"], pressing["urgent"], strict=True
            )
        ]
        refs = ", ".join(
            f"{ref} ({label})"
            for ref, label in zip(pressing["reference"][:5], labels[:5], strict=True)
        )
        more = len(pressing) - 5
        st.error(t(ATTENTION, refs=refs + (f" … (+{more})" if more > 0 else "")))


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    lang = context.lang()
    one, two, three = st.columns([2, 2, 3])
    statuses = one.multiselect(
        t(FILTER_STATUS),
        options=[s.value for s in Status],
        format_func=lambda value: Status(value).label(lang),
        placeholder=t(ALL),
        key="br_filter_status",
    )
    bands = two.multiselect(
        t(FILTER_BAND),
        options=[b.value for b in Band],
        format_func=lambda value: Band(value).label(lang).capitalize(),
        placeholder=t(ALL),
        key="br_filter_band",
    )
    text = three.text_input(t(SEARCH), key="br_filter_text")
    return filter_frame(frame, statuses=statuses, bands=bands, text=text)


def _table(shown: pd.DataFrame, *, total: int) -> None:
    st.caption(t(SHOWN, shown=len(shown), total=total))
    if shown.empty:
        st.info(t(NONE_MATCH))
        return
    config = {name: st.column_config.TextColumn(t(label)) for name, label in HEADERS.items()}
    config |= {
        "deadline": st.column_config.TextColumn(t(HEADERS["deadline"]), help=t(HELP["deadline"])),
        "band": st.column_config.TextColumn(t(HEADERS["band"]), help=t(HELP["band"])),
        "chains": st.column_config.TextColumn(t(HEADERS["chains"]), help=t(HELP["chains"])),
        "hours_left": st.column_config.NumberColumn(
            t(HEADERS["hours_left"]), help=t(HELP["hours_left"]), format="%.1f"
        ),
        "due": st.column_config.DatetimeColumn(t(HEADERS["due"]), format="YYYY-MM-DD HH:mm"),
        "aware": st.column_config.DatetimeColumn(t(HEADERS["aware"]), format="YYYY-MM-DD HH:mm"),
        "filings": st.column_config.NumberColumn(t(HEADERS["filings"]), format="%d"),
    }
    st.dataframe(
        shown,
        column_config=config,
        column_order=list(HEADERS),
        hide_index=True,
        width="stretch",
        key="br_register_table",
        alt=t(TITLE),
    )
    table_view(
        text_frame(shown, {name: t(label) for name, label in HEADERS.items()}), what=t(REGISTER)
    )


def _open(shown: pd.DataFrame) -> None:
    if shown.empty:
        return
    openable = shown[~shown["shredded"]]  # a tombstone has nothing left to open
    if openable.empty:
        return
    titles = dict(zip(openable["reference"], openable["title"], strict=True))
    pick, button = st.columns([4, 1], vertical_alignment="bottom")
    ref = pick.selectbox(
        t(OPEN_LABEL),
        options=list(titles),
        format_func=lambda r: f"{r} – {titles[r]}" if titles.get(r) else r,
        placeholder=t(texts.CHOOSE),
        key="br_open_ref",
    )
    if button.button(t(OPEN), key="br_open", icon=":material/folder_open:") and ref:
        navigate.open_incident(ref)


def _register_downloads(user: Account, lang: str) -> None:
    """CSV and Excel, each made when clicked, in the user's language; the service scopes it to
    what the user may see."""
    st.header(t(DOWNLOAD))
    st.caption(f"{t(DOWNLOAD_EXPLAIN)} {t(MADE_ON_CLICK)}")
    workspace = context.workspace()
    day = to_stockholm(utc_now()).date().isoformat()
    for column, fmt in zip(st.columns(4), ("csv", "xlsx"), strict=False):
        with column:
            st.download_button(
                FORMAT_NAMES[fmt],
                data=register_maker(workspace, user.actor, fmt=fmt, lang=lang),
                file_name=REGISTER_FILE.format(day=day, lang=lang, fmt=fmt),
                mime=REGISTER_TYPES[fmt],
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
                key=f"br_register_dl.{lang}.{fmt}",
            )


def _charts(shown: pd.DataFrame) -> None:
    if shown.empty:
        return
    st.header(t(CHART_TITLE))
    left, right = st.columns(2)
    for column, title, where in (("breach_type", BY_TYPE, left), ("cause", BY_CAUSE, right)):
        counts = counts_by_month(shown, column)
        where.vega_lite_chart(counts, _chart(column, t(title)), width="stretch")
        with where:
            table_view(_chart_table(counts, column), what=f"{t(CHART_TITLE)}, {t(title).lower()}")


def _chart_table(counts: pd.DataFrame, column: str) -> pd.DataFrame:
    """The chart's numbers: one row per month, one column per kind (or cause), and a total."""
    by_month = counts.pivot_table(
        index="month", columns=column, values="count", aggfunc="sum", fill_value=0
    ).sort_index()
    table = pd.DataFrame({t(MONTH): [month.strftime("%Y-%m") for month in by_month.index]})
    for name in by_month.columns:
        table[str(name)] = [cell(float(value)) for value in by_month[name]]
    table[t(COUNT)] = [cell(float(value)) for value in by_month.sum(axis=1)]
    return table


def _chart(column: str, title: str) -> dict:
    """Bars per month, stacked by ``column``: a Vega-Lite specification written out, so that the
    app does not load Altair (about 40 MB of the process) to make one."""
    month = {"field": "month", "timeUnit": "yearmonth", "type": "temporal", "title": t(MONTH)}
    value = {"field": column, "type": "nominal", "title": t(HEADERS[column])}
    count = {"field": "count", "aggregate": "sum", "type": "quantitative", "title": t(COUNT)}
    return {
        "title": title,
        "mark": {"type": "bar"},
        "encoding": {
            "x": month,
            "y": count,
            "color": value,
            "tooltip": [month, value, count],
        },
    }
