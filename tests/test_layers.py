"""Apps import downwards only (DESIGN §2): a lower app never imports a higher one, so that the
read side across apps lives in `oversight/` and nothing below depends on it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps on one floor may import each other: a team is formed for an inspection and
# an inspection's rules ask who is on its team.
FLOORS = [
    {"config"},
    {"audit"},
    {"documents"},
    {"accounts"},
    {"deadlines"},
    {"inspections", "teams"},
    {"rectification"},
    {"clues"},
    {"oversight"},
    # The data interface reads through every app's access.py and acts through its services.
    {"api"},
]
FLOOR = {app: number for number, apps in enumerate(FLOORS) for app in apps}
# The root URLconf mounts every app's pages: it stands above them all.
ROOT_URLCONF = Path("config/urls.py")


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if (app := name.split(".")[0]) in FLOOR:
                yield app, node.lineno


def upward_imports(app):
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts or path.relative_to(ROOT) == ROOT_URLCONF:
            continue
        for imported, line in imported_apps(path):
            if FLOOR[imported] > FLOOR[app]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return found


@pytest.mark.parametrize("app", sorted(FLOOR))
def test_app_imports_only_downwards(app):
    assert upward_imports(app) == []


def test_every_app_has_a_floor():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(FLOOR), apps - set(FLOOR)
