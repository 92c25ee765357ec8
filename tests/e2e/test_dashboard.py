"""On the Denpasar demo the pimpinan logs in, reaches the leadership dashboard, reads the city IKM (the
selector's own figure), follows a perangkat daerah's row, and opens the one-page PDF. Screenshots at 1280 and
360 px."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from sewaka.dashboard import selectors
from sewaka.organisations.models import Unit

from .conftest import ARTIFACTS, demo_login, shoot

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(demo_users):
    return Unit.objects.get(code="kota-denpasar"), demo_users["pimpinan"]


def test_the_pimpinan_reads_the_city_ikm_and_opens_the_pdf(page, browser, live_server, demo):
    pemda, pimpinan = demo
    d = selectors.dashboard(user=pimpinan, root=pemda)
    assert d.current.pooled.value is not None  # the demo has SKM results
    shown = f"{d.current.pooled.value:.2f}".replace(".", ",")
    demo_login(page, "pimpinan")
    link = page.get_by_role("link", name=re.compile("Dasbor", re.I))
    if link.count():
        link.first.click()
    else:
        page.goto(page.base + "/dasbor/")
    page.wait_for_url("**/dasbor/**")
    city = page.get_by_test_id("city-ikm")
    assert shown in city.inner_text()
    assert f"Mutu {d.current.pooled.mutu}" in city.inner_text()
    assert page.locator("table.heat tbody tr").count() == len(d.heat)
    page.wait_for_selector("#dash-forecast")  # the forecast arrives by its own request
    shoot(page, "dasbor-kota")
    # A perangkat daerah's row opens its own dashboard.
    first = next(r for r in d.heat if r.drill_url)
    page.get_by_role("link", name=first.unit.name, exact=True).first.click()
    page.wait_for_url(f"**unit={first.unit.pk}**")
    assert first.unit.name in page.locator("h1").inner_text()
    # The PDF for the monthly meeting.
    response = page.request.get(page.base + "/dasbor/dasbor.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "dasbor.pdf"
            pdf.write_bytes(response.body())
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
            ).stdout
            assert shown in text
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "dasbor-pdf")],
                check=False,
            )
