"""Assessment pages and PDFs name indicators by number and text, never by a raw key like "output.persepsi"."""

from django.urls import reverse

from sewaka.assessments import services
from sewaka.assessments.labels import indicator_numbers
from sewaka.assessments.models import InstrumentVersion


def _ombudsman():
    services.ensure_shipped_instruments()
    return InstrumentVersion.objects.get(code="ombudsman-2022-2024")


def test_numbers_follow_the_instrument(db):
    services.ensure_shipped_instruments()
    ombudsman = indicator_numbers(services.parsed_code("ombudsman-2022-2024"))
    assert ombudsman["input.kp-sp"] == "1.1"
    assert ombudsman["output.persepsi"] == "3.1"
    pekppp = indicator_numbers(services.parsed_code("pekppp-2023"))
    assert pekppp["1"] == "1" and pekppp["9"] == "9"  # PEKPPP's own numbering is kept


def test_the_assessment_page_has_no_raw_indicator_keys(client, tree, operator_unit_a):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=_ombudsman(), year=2026)
    client.force_login(operator_unit_a)
    body = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert "output.persepsi." not in body and "input.kp-sp." not in body
    assert "3.1. Persepsi maladministrasi" in body


def test_the_rules_page_has_no_raw_indicator_keys(client, tree, tim_monev):
    client.force_login(tim_monev)
    body = client.get(reverse("assessments:rules")).content.decode()
    assert "<td>sp-persyaratan</td>" not in body and "<td>maklumat</td>" not in body
    assert "<td>1.1</td>" in body  # Ombudsman 2013–2021: Persyaratan, the first indicator
    assert "<td>semua</td>" in body  # a free-text entry of the not-decided table stays as written
