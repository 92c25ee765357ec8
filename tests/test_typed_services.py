"""Every public service function is fully annotated (issue 15 item 6): each parameter and the return.

mypy (`make check`, `[tool.mypy]` in pyproject.toml) checks the bodies; this test makes sure there is
something to check: a new service with an unannotated parameter fails here by name.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "sewaka"
MODULES = sorted({*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")})


def unannotated(path: Path) -> list[str]:
    missing = []
    for node in ast.parse(path.read_text()).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        a = node.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, (a.vararg, a.kwarg))]
        missing += [f"{node.name}({p.arg})" for p in params if p.annotation is None]
        if node.returns is None:
            missing.append(f"{node.name} -> ?")
    return missing


def test_the_service_modules_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in MODULES}
    assert {"complaints/services/workflow.py", "surveys/services.py", "core/services.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_public_service_is_annotated(path):
    assert unannotated(path) == []


def test_an_unannotated_parameter_is_caught(tmp_path):
    module = tmp_path / "services.py"
    module.write_text(
        "def thing_create(*, actor, name: str) -> None:\n    pass\n\ndef _helper(x):\n    pass\n"
    )
    assert unannotated(module) == ["thing_create(actor)"]
