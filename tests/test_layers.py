"""The package layout is a contract: every import points down the pipeline's stack.

A module may import from its own package and from any package below it; never from one
above. Command modules import only the shared CLI modules, never one another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "minsheng"

# Lowest first. Modules at the top of the package belong to the base layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("problems", "dates", "records", "text", "write"),
    ("models",),
    ("load",),
    ("compute",),
    ("views",),
    ("history",),
    ("render",),
    ("cli", "serve"),  # the entry points: the command line and the web form
)
SHARED_CLI = {"app", "common", "output", "git", "progress"}
TOP_LEVEL_MODULES = {"__init__", "__main__", "problems", "dates", "records"}


def layer_of(part: str) -> int:
    for index, names in enumerate(LAYERS):
        if part in names:
            return index
    raise AssertionError(f"minsheng.{part} belongs to no layer: add it to LAYERS")


def module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path) -> list[tuple[int, list[str]]]:
    """(line, absolute module path under minsheng) of every import in the file."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
            elif (node.module or "").split(".")[0] == "minsheng":
                target = node.module.split(".")[1:]  # type: ignore[union-attr]
            else:
                continue
            if not target:  # from minsheng import x / from .. import x
                found += [(node.lineno, [a.name]) for a in node.names]
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name.split(".")[1:])
                for a in node.names
                if a.name.split(".")[0] == "minsheng"
            ]
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_stack(path):
    here = module_name(path)
    if not here or here[0] == "__main__":
        return
    mine = layer_of(here[0])
    upward = [
        f"{path.relative_to(PACKAGE)}:{line} imports minsheng.{'.'.join(target)}"
        for line, target in imported(path)
        if target and target[0] != "__version__" and layer_of(target[0]) > mine
    ]
    assert upward == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.name)
def test_command_modules_import_only_the_shared_cli_modules(path):
    others = [
        f"cli/{path.name}:{line} imports cli.{target[1]}"
        for line, target in imported(path)
        if len(target) > 1
        and target[0] == "cli"
        and target[1] not in SHARED_CLI
        and path.stem != "__init__"
    ]
    assert others == []


def test_the_top_of_the_package_holds_only_packages_and_a_few_base_modules():
    loose = {p.stem for p in PACKAGE.glob("*.py")}
    assert loose <= TOP_LEVEL_MODULES
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == {name for layer in LAYERS for name in layer} - TOP_LEVEL_MODULES


def test_the_web_form_and_the_command_line_stay_apart():
    """The server never imports cli/; of cli/, only cli/serve.py starts the server."""
    crossing = []
    for path in SOURCES:
        here = module_name(path)
        for line, target in imported(path):
            if here[:1] == ["serve"] and target[:1] == ["cli"]:
                crossing.append(f"{path.relative_to(PACKAGE)}:{line} imports cli")
            if here[:1] == ["cli"] and target[:1] == ["serve"] and here != ["cli", "serve"]:
                crossing.append(f"{path.relative_to(PACKAGE)}:{line} imports serve")
    assert crossing == []


def test_only_the_entry_points_read_the_environment_or_the_clock():
    offenders = []
    for path in SOURCES:
        if module_name(path)[:1] == ["cli"]:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("os.environ.get", "os.getenv", "date.today()", "datetime.now("):
            if needle in text:
                offenders.append(f"{path.relative_to(PACKAGE)}: {needle}")
    assert offenders == []
