"""The public standards pages work without JavaScript (issue 15 item 7): the catalogue, its search form
(a plain GET form, core/tests/nojs.py) and a service's public page with its published standard."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sewaka.core.tests.nojs import submit
from sewaka.core.tests.test_audit_everywhere import world  # noqa: F401 (fixture)


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def published(world):  # noqa: F811
    return world.standard(status="published")


def test_a_citizen_finds_a_service_and_reads_its_standard_without_javascript(browser, published):
    url = reverse("public_catalogue")
    found = submit(browser, url, browser.get(url), q="pemeriksaan")
    page = found.content.decode()
    assert found.status_code == 200 and "Pemeriksaan Umum" in page
    link = re.search(r'<a href="(/layanan/[^"]+/)"><strong>Pemeriksaan Umum', page).group(1)
    assert link == reverse("public_service", args=[published.service.unit.code, published.service.slug])
    standard = browser.get(link)
    text = standard.content.decode()
    assert standard.status_code == 200
    for component in ("KTP-el asli", "Ambil nomor antrean", "Verifikasi berkas", "Kartu Keluarga"):
        assert component in text


def test_a_search_without_a_match_says_so(browser, published):
    url = reverse("public_catalogue")
    page = submit(browser, url, browser.get(url), q="paspor").content.decode()
    assert "Pemeriksaan Umum" not in page and "Tidak ada layanan yang cocok dengan “paspor”." in page


def test_a_service_without_a_published_standard_has_no_public_page(browser, world):  # noqa: F811
    draft = world.standard(status="ditetapkan")  # set, not yet published
    url = reverse("public_service", args=[draft.service.unit.code, draft.service.slug])
    assert browser.get(url).status_code == 404
    assert "Pemeriksaan Umum" not in browser.get(reverse("public_catalogue")).content.decode()
