"""The package reads like the data flow: no circle between modules, nothing reaching back up.

Every import of ``pipeline`` is read from the source (ast), wherever it stands — at the top of a module,
inside a function, or under ``TYPE_CHECKING`` — so an import hidden in a function to dodge a circle
at import time is still a circle here.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# The families from the bottom up, declared once. A module may import its own family and any floor
# below its own; the modules of the base floor (shared by all) may import each other. The language
# tools sit below the readers because a reader segments and dates what it reads.
FLOORS: list[list[str]] = [
    ["pipeline", "errors", "model", "config", "state", "limits", "atomic", "progress", "xmlsafety", "redact"],
    ["language", "word"],
    ["readers"],
    ["glossary"],
    ["translate"],
    ["review"],
    ["evaluate", "render"],
    ["publish"],  # the German release: reuses render's file naming and PDF engine
    ["run"],
    ["web"],
    ["cli"],
    ["__main__"],
]
FLOOR_OF = {family: number for number, families in enumerate(FLOORS) for family in families}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def family(module: str) -> str:
    """``pipeline.review.qa`` → ``review``; ``pipeline.run`` → ``run``; ``pipeline`` → ``pipeline``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imported_modules(module: str, path: Path) -> set[str]:
    """Every ``pipeline`` module this module names in an import statement, at any depth."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imported_modules(module, path) for module, path in MODULES.items()}


def test_every_family_has_a_floor() -> None:
    unplaced = sorted({family(module) for module in MODULES} - set(FLOOR_OF))
    assert not unplaced, f"declare the floor of {unplaced} in FLOORS"


def allowed(source: str, target: str) -> bool:
    here, there = family(source), family(target)
    if here == there:
        return True
    if FLOOR_OF[here] == FLOOR_OF[there] == 0:
        return True
    return FLOOR_OF[there] < FLOOR_OF[here]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if not allowed(module, target))
    assert not upward, f"{module} imports {upward}: move the shared name down to where both can import it"


def test_no_circle_between_modules() -> None:
    circles = []
    for start in sorted(GRAPH):
        for path in _paths_back(start):
            if min(path) == start:  # each circle once, from its smallest name
                circles.append(" → ".join([*path, start]))
    assert not circles, "circles: " + "; ".join(sorted(set(circles)))


def _paths_back(start: str) -> list[list[str]]:
    """The simple paths from ``start`` that lead back to it (depth-first, each module once per path)."""
    found: list[list[str]] = []
    stack: list[list[str]] = [[start]]
    while stack:
        path = stack.pop()
        for nxt in sorted(GRAPH[path[-1]]):
            if nxt == start:
                found.append(path)
            elif nxt not in path and nxt > start:
                stack.append([*path, nxt])
    return found


def test_the_checker_sees_a_circle_and_an_upward_import() -> None:
    """The rules themselves, on a made-up graph: they fail where they must."""
    assert not allowed("pipeline.readers.html", "pipeline.review.store")
    assert not allowed("pipeline.evaluate.evaluate", "pipeline.render.briefing")
    assert allowed("pipeline.review.qa", "pipeline.translate.memory")
    assert allowed("pipeline.atomic", "pipeline.errors")
    saved = dict(GRAPH)
    try:
        GRAPH.clear()
        GRAPH.update({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
        assert _paths_back("a") == [["a", "b", "c"]]
        assert _paths_back("d") == []
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def deferred_imports_without_reason(path: Path) -> list[int]:
    """Line numbers of imports inside functions that defer nothing heavy, or say not why they are there:
    each must name a library outside the standard library (or the Word helpers that load python-docx)
    and follow a comment (on the line above its group of imports)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    top = {id(node) for statement in tree.body if not isinstance(statement, ast.FunctionDef | ast.ClassDef)
           for node in ast.walk(statement)}
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top:
            continue
        name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        root = (name or "").split(".")[0]
        above = node.lineno - 2  # the line above, then up through its group of imports
        while above >= 0 and _part_of_imports(lines[above]):
            above -= 1
        reasoned = above >= 0 and lines[above].strip().startswith("#")
        if root in sys.stdlib_module_names or not reasoned:
            bad.append(node.lineno)
    return bad


def _part_of_imports(line: str) -> bool:
    text = line.strip()
    return not text or text.startswith(("from ", "import ", ")")) or text.endswith(",")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "pipeline.cli"))
def test_imports_inside_functions_only_defer_heavy_libraries(module: str) -> None:
    """The CLI is the one exception: it imports each command's stage when the command runs (its docstring
    says so), so that ``pipeline --help`` and light commands start fast."""
    bad = deferred_imports_without_reason(MODULES[module])
    assert not bad, f"{MODULES[module]}: lines {bad}: import at the top, or say which heavy library is deferred"


def test_the_readme_layout_lists_every_module() -> None:
    """README's "For developers" tree names each module of each family (and nothing that is gone)."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("  pipeline/\n", 1)[1].split("```", 1)[0]
    listed: dict[str, set[str]] = {}
    for line in block.splitlines():
        words = line.split("#")[0].split()
        if words and words[0].endswith("/"):
            listed[words[0].rstrip("/")] = {w.rstrip("/") for w in words[1:]}
        else:
            listed.setdefault("", set()).update(w.removesuffix(".py") for w in words if w.endswith(".py"))
    for folder in sorted({p.parent for p in PACKAGE.glob("*/*.py")} | {PACKAGE}):
        key = "" if folder == PACKAGE else folder.name
        modules = {p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "__main__")}
        assert listed.get(key, set()) >= modules, f"README layout misses {sorted(modules - listed.get(key, set()))}"
        if key:
            assert listed[key] <= modules | {"engines"}, f"README names {sorted(listed[key] - modules)} in {key}/"
