"""The public complaint pages work without JavaScript (issue 15 item 7): a citizen reads the form, sends
it, gets the tracking code, looks the case up and reads its status, all with plain HTML forms (the test
client with the CSRF check on, fields as the page writes them; core/tests/nojs.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sewaka.complaints.models import Complaint
from sewaka.core.tests.nojs import forms_of, submit


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_citizen_sends_a_complaint_and_follows_it_without_javascript(browser, tree):
    url = reverse("public_complaint_form")
    page = browser.get(url)
    assert (
        page.status_code == 200
        and "<script" not in page.content.decode().split("<form")[1].split("</form>")[0]
    )
    sent = submit(
        browser,
        url,
        page,
        privacy="anonim",
        unit=tree.pkm_a.code,
        what_happened="Antrean KTP-el tiga jam tanpa kepastian.",
    )
    assert sent.status_code == 302 and sent["Location"] == reverse("public_complaint_sent")
    receipt = browser.get(sent["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.code in receipt and complaint.reported_unit == tree.pkm_a

    track_url = reverse("public_complaint_track")
    track = browser.get(track_url)
    found = submit(browser, track_url, track, code=complaint.code.lower())  # as a citizen may type it
    assert found.status_code == 302
    status = browser.get(found["Location"]).content.decode()
    assert (
        complaint.code in status and f'<span class="badge">{complaint.get_status_display()}</span>' in status
    )
    assert "Antrean KTP-el" not in status  # the story is never shown on the public page


def test_a_form_with_an_error_comes_back_with_the_message_and_the_typed_text(browser, tree):
    url = reverse("public_complaint_form")
    again = submit(browser, url, browser.get(url), privacy="anonim", what_happened="")
    assert again.status_code == 400
    assert "Ceritakan apa yang terjadi." in again.content.decode()
    assert not Complaint.objects.exists()
    # the page still carries a working form: sending it again, completed, is accepted
    sent = submit(browser, url, again, privacy="anonim", what_happened="Loket tutup sebelum jamnya.")
    assert sent.status_code == 302 and Complaint.objects.count() == 1


def test_an_unknown_code_is_answered_on_the_page(browser, tree):
    track_url = reverse("public_complaint_track")
    answer = submit(browser, track_url, browser.get(track_url), code="ADU-XXXX-XX")
    assert answer.status_code == 404 and forms_of(answer.content.decode())  # the form is offered again


def test_the_form_of_a_unit_names_it(browser, tree):
    page = browser.get(reverse("public_complaint", args=[tree.pkm_a.code])).content.decode()
    assert re.search(rf'<option value="{tree.pkm_a.code}"[^>]*selected', page)
