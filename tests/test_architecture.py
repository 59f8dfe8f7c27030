"""The import graph of the project, drawn from the code: who may stand on whom.

store/ is the data layer both sides stand on; etl/ writes through it and board/ (with the pages)
reads through it. The dashboard uses only what `etl` itself exports (build_all, preview_file),
never its rooms; nothing imports back up; no module imports itself round a circle.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("etl", "store", "board", "bench")
DASHBOARD_FILES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    modules.update({module_name(ROOT / f): ROOT / f for f in DASHBOARD_FILES})
    return modules


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules `path` imports, anywhere in the file (lazy imports count too)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from store import paths` imports the module store.paths.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def test_no_module_imports_itself_round_a_circle():
    graph = import_graph()
    # Tarjan's strongly connected components: any with two or more modules is a circle.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert circles == []


def test_the_dashboard_uses_only_what_etl_exports():
    graph = import_graph()
    dashboard = [m for m in graph if m.startswith("board") or m.startswith("pages") or m == "dashboard"]
    reaching_in = {m: sorted(t for t in graph[m] if t.startswith("etl.")) for m in dashboard}
    assert {m: t for m, t in reaching_in.items() if t} == {}


def test_the_data_layer_imports_neither_side():
    graph = import_graph()
    upward = {m: sorted(t for t in graph[m] if t.split(".")[0] in ("etl", "board", "pages", "dashboard", "bench"))
              for m in graph if m.split(".")[0] == "store"}
    assert {m: t for m, t in upward.items() if t} == {}


def test_etl_does_not_import_the_dashboard():
    graph = import_graph()
    upward = {m: sorted(t for t in graph[m] if t.split(".")[0] in ("board", "pages", "dashboard"))
              for m in graph if m.split(".")[0] == "etl"}
    assert {m: t for m, t in upward.items() if t} == {}


def test_only_public_streamlit_modules_are_imported():
    allowed = {"streamlit", "streamlit.errors", "streamlit.testing.v1"}  # AppTest is public API
    used = set()
    for name, path in project_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used |= {(name, a.name) for a in node.names if a.name.startswith("streamlit")}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
                used.add((name, node.module))
    assert sorted(u for u in used if u[1] not in allowed) == []
