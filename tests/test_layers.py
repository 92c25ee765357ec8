"""The import contract of pyproject.toml ([tool.importlinter], run by `make check`): it holds on this tree,
and it fails when someone adds an upward import, a feature app reading another's private module, or Django
in a pure engine. The broken imports are added to a copy of the sources, never to the tree itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first: the copy's packages win over the editable install of the real tree.
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_tree_keeps_every_import_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout  # layers, features, pure, api


def test_an_upward_import_a_private_cross_feature_import_and_django_in_an_engine_break_it(tmp_path):
    keep = shutil.ignore_patterns("__pycache__", "templates", "static", "*.json", "*.xlsx", "*.pdf", "*.png")
    for package in ("sewaka", "config"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=keep)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # core (the bottom layer) reaching up into a feature app.
    (tmp_path / "sewaka/core/upward.py").write_text("from sewaka.complaints.models import Complaint\n")
    # A feature app reading another feature's models instead of its facts/selectors module.
    (tmp_path / "sewaka/standards/leak.py").write_text("from sewaka.complaints.models import Complaint\n")
    # The API reading a feature's views instead of its selectors/services.
    (tmp_path / "sewaka/api/leak.py").write_text("from sewaka.complaints import views\n")
    # The pure SKM engine importing Django.
    with (tmp_path / "sewaka/surveys/ikm.py").open("a") as ikm:
        ikm.write("\nfrom django.db import models  # noqa\n")

    result = _lint(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "Contracts: 0 kept, 4 broken." in out
    assert "sewaka.api.leak -> sewaka.complaints.views" in out
    assert "sewaka.core.upward -> sewaka.complaints.models" in out
    assert "sewaka.standards.leak -> sewaka.complaints.models" in out
    assert "sewaka.surveys.ikm -> django" in out
