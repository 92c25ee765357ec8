"""Issue 17 item 7 as the Kabag tries it on the Denpasar demo: "which units would be kuning or merah today?"
in at most three clicks from /beranda/, with the forecast of every unit (not only those with a
self-assessment)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sewaka.assessments import selectors

from .conftest import demo_login, shoot
from .test_obligations import demo  # noqa: F401 (the demo fixture)

pytestmark = pytest.mark.e2e


def test_the_kabag_finds_the_units_below_green_in_two_clicks(page, live_server, demo):  # noqa: F811
    _pemda, admin = demo
    demo_login(page)
    # Click 1: "Penilaian" in the main navigation.
    page.get_by_role("link", name="Penilaian", exact=True).click()
    page.wait_for_url("**/penilaian/kesiapan/")
    assert "Ini prakiraan, bukan hasil penilaian resmi." in page.content()
    every = selectors.readiness_forecast(
        user=admin, instrument=selectors.default_forecast_instrument(), year=timezone.localdate().year
    )
    assert len(every) > 90  # every active unit, not only the few with a self-assessment
    rows = page.locator("table.forecast tbody tr")
    assert rows.count() == len(every)
    shoot(page, "kesiapan-prakiraan")
    # Click 2: "Kuning dan merah" — the units that would be below the green zone today, worst first.
    page.get_by_role("link", name="Kuning dan merah").click()
    page.wait_for_url("**zone=bawah**", wait_until="load")  # the whole table parsed, not its first rows
    below = [r for r in every if r.zone in ("kuning", "merah")]
    assert below and page.locator("table.forecast tbody tr").count() == len(below)
    names = page.locator("table.forecast tbody tr td:nth-child(2) > a").all_inner_texts()
    assert names == [r.unit.name for r in below]
    zones = page.locator("table.forecast tbody tr td:nth-child(4) .st").all_inner_texts()
    assert set(zones) <= {"Zona kuning", "Zona merah"} and "Zona merah" in zones and "Zona kuning" in zones
    # Click 3: what the worst unit lacks and what to do.
    page.locator("table.forecast tbody tr").first.locator("summary").click()
    assert "belum ada bukti (dihitung 0)." in page.locator("table.forecast tbody tr").first.inner_text()
    shoot(page, "kesiapan-kuning-merah")
