"""The survey keeps the service chosen on the public service page, and at 360 px the submit button is never
covered by the sticky question bar."""

import pytest

from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Response
from sewaka.surveys.tests.factories import make_period, make_service

from .conftest import shoot
from .test_skm import phone

pytestmark = pytest.mark.e2e


def publish_standard(service, actor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from sewaka.assessments.tests.test_prefill_rules import COMPLETE
    from sewaka.standards.services import standard_new_version, standard_transition, standard_update

    standard = standard_new_version(actor=actor, service=service)
    standard_update(actor=actor, standard=standard, **COMPLETE)
    standard_transition(
        actor=actor,
        standard=standard,
        to="ditetapkan",
        decree_number="1/2026",
        decree_date=timezone.localdate(),
        signing_official="Kepala",
        decree_pdf=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk"),
    )
    standard_transition(actor=actor, standard=standard, to="published")


def covered(page, selector: str) -> bool:
    """True when another element sits on top of the element's centre (elementFromPoint)."""
    return page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            const r = el.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(top === el || el.contains(top));
        }""",
        selector,
    )


def test_the_survey_keeps_the_service_and_the_submit_button_is_never_covered(
    browser, live_server, tree, operator_unit_a
):
    make_service(tree.pkm_a, "Pemeriksaan Umum")
    service = make_service(tree.pkm_a, "Surat Keterangan Sehat")
    publish_standard(service, operator_unit_a)
    make_period(tree.pkm_a, services=dict.fromkeys(tree.pkm_a.services.all(), 300))

    citizen = phone(browser, live_server.url)
    citizen.goto(live_server.url + f"/layanan/{tree.pkm_a.code}/{service.slug}/")
    citizen.get_by_role("link", name="Isi survei").click()
    citizen.wait_for_url(f"**/s/{tree.pkm_a.code}/{service.slug}/")
    assert citizen.locator(".badge", has_text="Surat Keterangan Sehat").is_visible()
    assert citizen.locator("#id_service").count() == 0  # fixed by the link, nothing to choose
    shoot(citizen, "skm-layanan-awal")
    citizen.set_viewport_size({"width": 360, "height": 740})
    citizen.get_by_role("button", name="Lanjut").click()
    for key in UNSUR_KEYS:
        citizen.locator(f"fieldset[data-unsur={key}] input[value='4']").check()
        citizen.wait_for_timeout(350)  # 4 moves on by itself
    citizen.fill("#id_suggestion", "Terima kasih")
    citizen.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    button = citizen.get_by_role("button", name="Kirim jawaban")
    assert button.count() == 1 and button.is_visible()
    assert not covered(citizen, "form[data-skm] button[type=submit]:not([hidden])")
    # Also mid-scroll, where a sticky bar used to sit on the button.
    citizen.evaluate("window.scrollTo(0, 0)")
    assert not covered(citizen, "form[data-skm] button[type=submit]:not([hidden])")
    shoot(citizen, "skm-layanan-akhir")
    citizen.set_viewport_size({"width": 360, "height": 740})
    button.click(trial=True)  # Playwright's own actionability check: visible, stable, receives events
    button.click()
    citizen.wait_for_url("**/terima-kasih/")
    stored = Response.objects.get()
    assert stored.service == service and stored.suggestion == "Terima kasih"
    citizen.context.close()


def test_layanan_in_the_query_preselects_the_service(browser, live_server, tree):
    make_service(tree.pkm_a, "Pemeriksaan Umum")
    service = make_service(tree.pkm_a, "Surat Keterangan Sehat")
    make_period(tree.pkm_a, services=dict.fromkeys(tree.pkm_a.services.all(), 300))
    citizen = phone(browser, live_server.url)
    citizen.goto(live_server.url + f"/s/{tree.pkm_a.code}/?layanan={service.slug}")
    assert citizen.locator("#id_service").input_value() == str(service.pk)
    citizen.context.close()
