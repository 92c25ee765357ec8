"""One status writer per workflow (issue 15 item 2), checked on the syntax tree of the source.

The rule: outside tests and migrations, code under sewaka/ writes a `status` only inside the functions
listed in WRITERS — each workflow's `<entity>_transition` service, which applies its table and writes
the audit event (and the event row, where the workflow has one), plus the few one-way writers of models
that have no workflow of their own. A write is:

- an assignment to an attribute named `status`: plain (`x.status = …`), augmented, annotated, inside a
  tuple or list (`x.status, x.closed_at = …`), a `for`/`with` target, or `setattr(x, "status", …)`;
- a queryset or manager call that sets it: `.update(status=…)`, `.create(status=…)`,
  `.get_or_create(…, defaults={"status": …})`, `.update_or_create(…)`, `.bulk_create(…)` with it,
  `**{"status": …}` in any of them, `.bulk_update(rows, ["status", …])`;
- a model constructor given a status (`Complaint(status=…)`).

Creating a row with `status=` counts as a write too: a new row starts in its field's default (the
first state of its table); a row born in a later state would have skipped the moves that record its
history. Reads (`filter(status=…)`, `Q(status=…)`, comparisons) and HTTP statuses (`render(…,
status=400)`) are not writes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sewaka"

# (file, function) → the model whose status it writes and why it may.
WRITERS: dict[tuple[str, str], str] = {
    ("sewaka/followups/services.py", "followup_transition"): "FollowUp: followups/transitions.py",
    (
        "sewaka/complaints/services/workflow.py",
        "complaint_transition",
    ): "Complaint: complaints/transitions.py",
    ("sewaka/standards/services.py", "standard_transition"): "ServiceStandard: standards/transitions.py "
    "(publishing supersedes the version published before)",
    ("sewaka/standards/services.py", "maklumat_transition"): "Maklumat: standards/transitions.py",
    ("sewaka/consultations/services.py", "forum_transition"): "Forum: consultations/transitions.py",
    ("sewaka/innovations/services.py", "call_transition"): "Call: innovations/transitions.CALL_TRANSITIONS",
    (
        "sewaka/innovations/services.py",
        "nomination_transition",
    ): "Nomination: innovations/transitions.NOMINATION_TRANSITIONS (withdraw, decide, nominate again)",
    # One-way states without a table: one writer each.
    (
        "sewaka/surveys/services.py",
        "period_close",
    ): "SurveyPeriod: open → closed (by hand or by the daily job)",
    (
        "sewaka/assessments/services.py",
        "assessment_finalise",
    ): "Assessment: draft → final (a revision is a new row)",
    (
        "sewaka/assessments/services.py",
        "official_import_transition",
    ): "OfficialImport: assessments/services.OFFICIAL_IMPORT_TRANSITIONS (pending → imported/discarded)",
    # A background job's progress (uploaded → analysing → analysed/failed → importing → done/failed),
    # advanced by the import's own steps, each checking the state it starts from; no person moves it.
    ("sewaka/surveys/import_services.py", "import_set_values"): "SurveyImport: job progress",
    ("sewaka/surveys/import_services.py", "import_set_mapping"): "SurveyImport: job progress",
    ("sewaka/surveys/import_services.py", "import_analyse"): "SurveyImport: job progress",
    ("sewaka/surveys/import_services.py", "_fail"): "SurveyImport: job progress",
    ("sewaka/surveys/import_services.py", "import_confirm"): "SurveyImport: job progress",
    ("sewaka/surveys/import_services.py", "import_run"): "SurveyImport: job progress",
    # Demo seeding for a unit nobody may act on: no actor could make the moves through the service.
    ("sewaka/demo/consultations.py", "_directly"): "Forum: a held demo forum of a unit without staff",
}

SETTING_CALLS = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}


def _status_models() -> set[str]:
    from django.apps import apps

    return {
        model.__name__
        for model in apps.get_models()
        if any(field.name == "status" for field in model._meta.get_fields())
    }


def _is_status_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "status"


def _dict_sets_status(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Dict) and any(key is not None and _is_status_key(key) for key in node.keys)


def _targets(node: ast.AST):
    """Attribute targets of an assignment, through tuples, lists and starred names."""
    if isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from _targets(element)
    elif isinstance(node, ast.Starred):
        yield from _targets(node.value)
    elif isinstance(node, ast.Attribute):
        yield node


class _Finder(ast.NodeVisitor):
    def __init__(self, models: set[str]):
        self.models = models
        self.scope: list[str] = []
        self.found: list[tuple[int, str, str]] = []  # (line, what, function)

    def _hit(self, node: ast.AST, what: str) -> None:
        self.found.append((node.lineno, what, self.scope[-1] if self.scope else "<module>"))

    def _scoped(self, node) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _scoped

    def _check_targets(self, node: ast.AST, targets) -> None:
        for target in targets:
            for attribute in _targets(target):
                if attribute.attr == "status":
                    self._hit(node, "assignment to .status")

    def visit_Assign(self, node: ast.Assign) -> None:
        self._check_targets(node, node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With) -> None:
        self._check_targets(node, [item.optional_vars for item in node.items if item.optional_vars])
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        sets_status = any(
            keyword.arg == "status"
            or (keyword.arg is None and _dict_sets_status(keyword.value))
            or (keyword.arg in ("defaults", "create_defaults") and _dict_sets_status(keyword.value))
            for keyword in node.keywords
        )
        if name in SETTING_CALLS and isinstance(func, ast.Attribute) and sets_status:
            self._hit(node, f".{name}() with a status")
        elif name in self.models and sets_status:
            self._hit(node, f"{name}() with a status")
        elif name == "bulk_update" and isinstance(func, ast.Attribute):
            fields = (
                node.args[1]
                if len(node.args) > 1
                else next((k.value for k in node.keywords if k.arg == "fields"), None)
            )
            if isinstance(fields, (ast.List, ast.Tuple, ast.Set)) and any(map(_is_status_key, fields.elts)):
                self._hit(node, ".bulk_update() of status")
        elif name == "setattr" and len(node.args) > 1 and _is_status_key(node.args[1]):
            self._hit(node, 'setattr(…, "status", …)')
        self.generic_visit(node)


def status_writes(source: str, models: set[str] | None = None) -> list[tuple[int, str, str]]:
    """(line, what, enclosing function) of every status write in `source`."""
    finder = _Finder(_status_models() if models is None else models)
    finder.visit(ast.parse(source))
    return finder.found


def source_files() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(SOURCE).parts)
        and not path.name.startswith("test_")
        and path.name != "conftest.py"
    )


def stray_writes(path: str, source: str, models: set[str] | None = None) -> list[str]:
    return [
        f"{path}:{line} {what} in {function}()"
        for line, what, function in status_writes(source, models)
        if (path, function) not in WRITERS
    ]


def test_status_is_written_only_by_the_transition_services():
    models = _status_models()
    found = []
    for path in source_files():
        found += stray_writes(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"), models)
    assert found == [], "status written outside the transition services:\n" + "\n".join(found)


@pytest.mark.parametrize(("path", "function"), sorted(WRITERS))
def test_every_listed_writer_exists_and_writes_a_status(path, function):
    writes = status_writes((ROOT / path).read_text(encoding="utf-8"))
    assert any(f == function for _line, _what, f in writes), f"{path}: {function}() writes no status"


MODELS = {"Complaint", "Forum"}
STRAY = {
    "plain": "def close(c):\n    c.status = 'selesai'\n",
    "tuple": "def close(c, now):\n    c.status, c.closed_at = 'selesai', now\n",
    "nested tuple": "def close(c):\n    (a, [c.status]) = 1, ['x']\n",
    "augmented": "def f(c):\n    c.status += 'x'\n",
    "annotated": "def f(c):\n    c.status: str = 'x'\n",
    "for target": "def f(c):\n    for c.status in ('a', 'b'):\n        pass\n",
    "update": "def f():\n    Complaint.objects.filter(pk=1).update(status='selesai')\n",
    "update with a dict": "def f(qs):\n    qs.update(**{'status': 'selesai'})\n",
    "create": "def f():\n    Forum.objects.create(topic='x', status='held')\n",
    "get_or_create defaults": "def f():\n    Forum.objects.get_or_create(pk=1, defaults={'status': 'held'})\n",
    "update_or_create": "def f():\n    Forum.objects.update_or_create(pk=1, defaults={'status': 'held'})\n",
    "bulk_update": "def f(rows):\n    Forum.objects.bulk_update(rows, ['status', 'minutes'])\n",
    "setattr": "def f(c):\n    setattr(c, 'status', 'selesai')\n",
    "constructor": "def f():\n    return Complaint(code='x', status='selesai')\n",
    "module level": "c.status = 'selesai'\n",
}
HARMLESS = {
    "filter": "def f():\n    return Complaint.objects.filter(status='dijawab').exclude(status='x')\n",
    "comparison": "def f(c):\n    return c.status == 'dijawab' and c.status in ('a',)\n",
    "read": "def f(c):\n    before = c.status\n    return before\n",
    "http status": "def f(request):\n    return render(request, 'x.html', status=400)\n",
    "response class": "def f():\n    return JsonResponse({}, status=503)\n",
    "another field": "def f(c):\n    c.closed_at = 1\n    Complaint.objects.update(closed_at=1)\n",
}


@pytest.mark.parametrize("snippet", STRAY.values(), ids=STRAY.keys())
def test_it_catches_a_stray_status_write(snippet):
    assert stray_writes("sewaka/complaints/views.py", snippet, MODELS)


@pytest.mark.parametrize("snippet", HARMLESS.values(), ids=HARMLESS.keys())
def test_it_lets_reads_and_other_writes_pass(snippet):
    assert stray_writes("sewaka/complaints/views.py", snippet, MODELS) == []


def test_the_same_write_passes_inside_its_transition_service_only():
    snippet = "def complaint_transition(c):\n    c.status = 'selesai'\n"
    assert stray_writes("sewaka/complaints/services/workflow.py", snippet, MODELS) == []
    assert stray_writes("sewaka/complaints/services/jobs.py", snippet, MODELS)  # same name, other module
    nested = "def complaint_transition(c):\n    def helper():\n        c.status = 'x'\n"
    assert stray_writes("sewaka/complaints/services/workflow.py", nested, MODELS)  # a helper is not it
