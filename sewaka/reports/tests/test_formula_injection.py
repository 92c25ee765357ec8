"""Formula injection (CWE-1236): a unit or service named like a formula stays text in every export."""

import io
import re
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sewaka.core.spreadsheet import Formula, append, cell
from sewaka.organisations.models import Role
from sewaka.organisations.services import unit_update
from sewaka.organisations.tests.factories import make_member

EVIL = '=HYPERLINK("http://x","y")'
ROOT = Path(__file__).resolve().parents[3]


def written(values):
    """Round-trip one appended row through a saved workbook, as a spreadsheet program would read it."""
    wb = Workbook()
    append(wb.active, values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return [
        (c.value, c.data_type, c.quotePrefix) for c in load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    ]


def test_risky_texts_become_quoted_text_and_numbers_stay_numbers():
    row = written([EVIL, "+62 812", "-1+1", "@SUM(A1)", "\t=1", "\r=1", -5, 3.5, "Puskesmas", ""])
    assert row[0] == (EVIL, "s", True)
    for value, data_type, quoted in row[1:6]:
        assert (data_type, quoted) == ("s", True), value
    assert row[6] == (-5, "n", False)  # a negative number is a number
    assert row[7] == (3.5, "n", False)
    assert row[8] == ("Puskesmas", "s", False)


def test_a_formula_written_on_purpose_stays_live():
    assert written([Formula("=SUM(A2:A9)")])[0] == ("=SUM(A2:A9)", "f", False)


def test_control_characters_that_break_a_workbook_are_dropped():
    assert cell(Workbook().active, "antre\x00an\x07") == "antrean"


def formulas(content: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(content))
    return [
        f"{ws.title}!{c.coordinate}={c.value}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and isinstance(c.value, str) and "HYPERLINK" in c.value.upper()
    ]


def texts(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.fixture
def evil_unit(tree):
    """Puskesmas A renamed by an operator: short name and name both look like a formula."""
    return unit_update(actor=None, unit=tree.pkm_a, short_name=EVIL, name=EVIL)


def test_the_skm_workbook(client, tree, evil_unit, operator_unit_a):
    from sewaka.surveys.tests.factories import make_period, make_response, make_service

    service = make_service(evil_unit, name=EVIL)
    period = make_period(evil_unit)
    make_response(period, service=service)
    client.force_login(operator_unit_a)
    response = client.get(reverse("surveys:period_xlsx", args=[period.pk]))
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)
    # The deliberate formulas are still there.
    ikm = load_workbook(io.BytesIO(response.content))["IKM"]
    assert any(
        c.data_type == "f" and str(c.value).startswith("=SUM(") for row in ikm.iter_rows() for c in row
    )


def test_the_complaints_workbook(client, tree, evil_unit, admin_pemda):
    from sewaka.complaints.services import complaint_submit
    from sewaka.surveys.tests.factories import make_service

    service = make_service(evil_unit, name=EVIL)
    complaint_submit(
        what_happened="Antrean lama.",
        idempotency_key=str(uuid.uuid4()),
        reported_unit=evil_unit,
        service=service,
    )
    client.force_login(admin_pemda)
    response = client.get(reverse("complaints:export_xlsx"))
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)


def test_the_readiness_workbook(client, tree, evil_unit, operator_unit_a, admin_pemda):
    from sewaka.assessments import services
    from sewaka.assessments.models import InstrumentVersion

    services.ensure_shipped_instruments()
    ombudsman = InstrumentVersion.objects.get(code="ombudsman-2022-2024")
    services.assessment_open(actor=operator_unit_a, unit=evil_unit, instrument=ombudsman, year=2026)
    client.force_login(admin_pemda)
    response = client.get(reverse("assessments:readiness_xlsx"), {"instrument": ombudsman.pk, "year": 2026})
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)


def test_the_official_result_template(client, tree, evil_unit):
    admin = make_member(tree.pemda, Role.ADMIN_PEMDA, "admin_template")
    client.force_login(admin)
    response = client.get(reverse("assessments:official_import"), {"template": "1"})
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)


def test_the_obligations_tracker_workbook(client, tree, evil_unit, admin_pemda):
    from sewaka.obligations.services import obligations_install_defaults

    obligations_install_defaults(actor=None, pemda=tree.pemda)
    client.force_login(admin_pemda)
    response = client.get(reverse("obligations:tracker_xlsx"), {"tahun": 2026})
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)


def test_the_readiness_forecast_workbook(client, tree, evil_unit, admin_pemda):
    client.force_login(admin_pemda)
    response = client.get(reverse("assessments:readiness_forecast_xlsx"), {"year": 2026})
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)


def test_the_late_list_workbook(client, tree, evil_unit, admin_pemda):
    from datetime import date

    from sewaka.followups.services import followup_create

    followup_create(
        source=evil_unit, unit=evil_unit, title=EVIL, owner=None, due=date(2026, 1, 5), actor=admin_pemda
    )
    client.force_login(admin_pemda)
    response = client.get(reverse("home:worklist_xlsx"))
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert EVIL in texts(response.content)


def test_every_module_that_builds_a_workbook_uses_the_one_helper():
    """A new export must go through sewaka.core.spreadsheet (and get a test above)."""
    builders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "sewaka").rglob("*.py")
        if "tests" not in path.parts and re.search(r"\bWorkbook\(\)", path.read_text())
    )
    assert builders == [
        "sewaka/assessments/views_exports.py",
        "sewaka/complaints/views.py",
        "sewaka/home/views.py",
        "sewaka/obligations/documents.py",
        "sewaka/opendata/formats.py",  # its case: opendata/tests/test_opendata.py::test_xlsx_keeps_a_formula_…
        "sewaka/reports/exports/xlsx.py",
    ]
    for path in builders:
        source = (ROOT / path).read_text()
        assert re.search(
            r"from sewaka\.core(\.spreadsheet)? import .*\b(spreadsheet|append|cell)\b", source
        ), path
