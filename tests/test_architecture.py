"""The shape of the house, read from the code (issue 16): no import cycle of any kind, no module too
long to read in one sitting, few modules loose at the package top, the layer contracts kept, and a
small public surface that stays put.

The import graph is grimp's, built from the source: imports inside functions and under
TYPE_CHECKING count like any other, because a cycle held apart by a lazy import is still a cycle
for the reader and one refactoring away from an ImportError.
"""

from __future__ import annotations

import subprocess
import sys
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import pytest

import breachreport
from breachreport import errors

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "breachreport"
MIGRATIONS = PACKAGE / "storage" / "migrations"
MAX_LINES = 450
MAX_TOP_MODULES = 6

# The pinned public surface: changing it is a decision, made here on purpose.
PUBLIC = {
    "Workspace",
    "Actor",
    "Facts",
    "Role",
    "AuthenticationFailed",
    "BreachReportError",
    "FactsInvalid",
    "FilingRefused",
    "InputError",
    "IntegrityError",
    "InvitationRefused",
    "MailFailed",
    "MasterKeyError",
    "NotFound",
    "PermissionDenied",
    "SettingsError",
    "StorageError",
    "VersionConflict",
}
# What `import breachreport` must not load: the CLI's --help imports the package first.
HEAVY = (
    "breachreport.services",
    "breachreport.storage",
    "breachreport.domain",
    "breachreport.documents",
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "streamlit",
    "cryptography",
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("breachreport", exclude_type_checking_imports=False, cache_dir=None)


def _edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def strongly_connected(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, without recursion (the graph may be deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in sorted(edges):
        if root in index:
            continue
        visit(root)
        work = [(root, iter(sorted(edges[root])))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    visit(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop, and self-imports."""
    return [c for c in strongly_connected(edges) if len(c) > 1 or c[0] in set(edges.get(c[0], ()))]


def one_loop(edges: Mapping[str, Iterable[str]], component: list[str]) -> list[str]:
    """A shortest way round from the component's first module back to it, to show in a failure."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, ())):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if child in members and child not in came_from:
                came_from[child] = node
                queue.append(child)
    return [start, start]


# -- the checker checks --------------------------------------------------------------------------


def test_the_cycle_finder_names_every_module_of_a_loop_and_nothing_else():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"d"}}
    assert cycles(edges) == [["a", "b", "c"], ["e"]]
    assert one_loop(edges, ["a", "b", "c"]) == ["a", "b", "c", "a"]
    assert cycles({"x": {"y"}, "y": set()}) == []


def test_the_graph_sees_imports_inside_functions_and_under_type_checking(graph):
    """The package's own __init__ imports its public names both ways; if either were missed,
    a cycle held apart by a lazy or TYPE_CHECKING import would pass unseen."""
    details = graph.get_import_details(importer="breachreport", imported="breachreport.services")
    lines = {d["line_contents"] for d in details}
    assert "from breachreport.services import Actor, Workspace" in lines  # under TYPE_CHECKING
    assert "from breachreport import services" in lines  # inside __getattr__


# -- the house -----------------------------------------------------------------------------------


def test_no_import_cycle_of_any_kind(graph):
    edges = _edges(graph)
    found = cycles(edges)
    report = "\n".join(
        f"- {len(c)} modules: {', '.join(c)}\n  for example: {' -> '.join(one_loop(edges, c))}"
        for c in found
    )
    assert not found, f"{len(found)} import cycle(s) in breachreport:\n{report}"


def test_no_module_is_longer_than_450_lines():
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in sorted(PACKAGE.rglob("*.py"))
        if MIGRATIONS not in path.parents
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these (at most {MAX_LINES} lines each): {too_long}"


def test_at_most_six_modules_lie_flat_at_the_package_top():
    flat = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(flat) <= MAX_TOP_MODULES, f"{len(flat)} modules at breachreport/ top: {flat}"


def test_the_import_contracts_hold():
    """The layers and the "never" rules in pyproject's [tool.importlinter], run as `lint-imports`
    would run them (no cache, so a stale graph cannot pass)."""
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"import-linter:\n{run.stdout}\n{run.stderr}"


# -- the public surface --------------------------------------------------------------------------


def test_the_public_surface_is_the_workspace_actor_facts_role_and_the_errors():
    assert len(breachreport.__all__) == len(set(breachreport.__all__))
    assert set(breachreport.__all__) == PUBLIC


def test_every_public_name_is_importable_from_the_package():
    from breachreport.domain.facts import Facts
    from breachreport.domain.status import Role
    from breachreport.services import Actor, Workspace

    expected = {"Workspace": Workspace, "Actor": Actor, "Facts": Facts, "Role": Role}
    for name in PUBLIC:
        assert getattr(breachreport, name) is expected.get(name, getattr(errors, name, None)), name
    assert set(dir(breachreport)) >= PUBLIC
    with pytest.raises(AttributeError):
        _ = breachreport.NoSuchThing


def test_every_error_a_caller_can_catch_is_on_the_surface():
    public_errors = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type)
        and issubclass(value, errors.BreachReportError)
        and not name.startswith("_")
    }
    assert public_errors <= set(breachreport.__all__)


def test_importing_the_package_loads_nothing_heavy():
    """`breachreport --help` imports the package first; the public names load when first used."""
    run = subprocess.run(
        [sys.executable, "-c", "import sys, breachreport; print('\\n'.join(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = run.stdout.split()
    assert [m for m in loaded if m.startswith(HEAVY)] == []
