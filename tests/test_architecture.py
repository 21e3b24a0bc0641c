"""The shape of the code: the pipeline's stages keep to their own libraries, plans are plain data."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from factory import copy_default_workspace

PACKAGE = Path(__file__).resolve().parent.parent / "builder"
RENDERING = ("reportlab", "pptx")
READING = ("yaml", "pydantic")


def imports_of(path: Path) -> set[str]:
    """Top-level names of every module a file imports (at any depth of the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def relative_imports(path: Path) -> set[str]:
    """The stages of builder a file imports from (``from ..render import x`` -> "render")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stage_parts = path.relative_to(PACKAGE).parts[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = list(stage_parts[: len(stage_parts) - (node.level - 1)])
            target = base + (node.module.split(".") if node.module else [])
            if target:
                out.add(target[0])
            else:
                out |= {a.name for a in node.names}
    return out


def modules(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py"))


def test_the_package_listing_reads_as_the_pipeline():
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"source", "model", "compose", "layout", "images", "render", "build"} <= stages


@pytest.mark.parametrize("stage", ["source", "model", "compose", "layout", "images", "build"])
def test_no_stage_but_render_imports_a_rendering_library(stage):
    for path in modules(stage):
        found = imports_of(path) & set(RENDERING)
        assert not found, f"{path.relative_to(PACKAGE)} imports {sorted(found)}"
        assert "render" not in relative_imports(path) or stage == "build", f"{path.relative_to(PACKAGE)} imports render/"


def test_no_planner_or_renderer_reads_yaml():
    for stage in ("layout", "render", "compose"):
        for path in modules(stage):
            found = imports_of(path) & set(READING)
            assert not found, f"{path.relative_to(PACKAGE)} imports {sorted(found)}"
            assert "source" not in relative_imports(path), f"{path.relative_to(PACKAGE)} imports the source stage"


def test_no_class_is_much_over_three_hundred_lines():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                length = node.end_lineno - node.lineno + 1
                assert length <= 330, f"{path.relative_to(PACKAGE)}: class {node.name} is {length} lines"


def test_plans_are_plain_data_that_survive_pickling(tmp_path):
    from builder.build.targets import TARGETS
    from builder.source.loader import Loader, Workspace

    program_file = copy_default_workspace(tmp_path / "ws")
    program = Loader(Workspace(tmp_path / "ws")).load(program_file)
    for name, target in TARGETS.items():
        plan = target.plan(program)
        again = pickle.loads(pickle.dumps(plan))
        assert again.image_requests() == plan.image_requests(), name
