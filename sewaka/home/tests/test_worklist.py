"""The city-wide late list (issue 17 item 9): follow-ups of every source and complaints past a deadline,
days late in working days, filters, and each user seeing only what they may see."""

from datetime import date, datetime
from io import BytesIO
from itertools import count

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from sewaka.complaints.models import Complaint
from sewaka.core.workdays import WITA
from sewaka.followups.services import followup_create
from sewaka.home.worklist import COMPLAINT_DEADLINE, Filters, worklist

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=WITA)  # Wednesday; no holiday in November 2026
_n = count(1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def case(unit, status, received, **dates):
    n = next(_n)
    return Complaint.objects.create(
        code=f"W{n:06d}",
        idempotency_key=f"w{n}",
        what_happened=f"teks-rahasia-{n}",
        handling_unit=unit,
        status=status,
        channel="web",
        received_at=received,
        **dates,
    )


@pytest.fixture
def data(tree, admin_pemda):
    def fu(unit, source, title, due):
        return followup_create(source=source, unit=unit, title=title, owner=None, due=due, actor=admin_pemda)

    # Received Monday 2 November, verified the 3rd: first answer due 9 November (3, 4, 5, 6, 9), not sent.
    late_case = case(tree.pkm_a, "didisposisikan", datetime(2026, 11, 2, 10, tzinfo=WITA))
    late_case.verified_at = datetime(2026, 11, 3, 9, tzinfo=WITA)
    late_case.save()
    # Received Tuesday 17 November: verification due Friday 20 November, not late yet.
    fresh_case = case(tree.capil, "diterima", datetime(2026, 11, 17, 9, tzinfo=WITA))
    return {
        "late_case": late_case,
        "fresh_case": fresh_case,
        # Due Monday 16 November: late on 17 and 18 = 2 working days.
        "a_direct": fu(tree.pkm_a, tree.pkm_a, "Perbaiki papan alur", date(2026, 11, 16)),
        "a_corrective": fu(tree.pkm_a, late_case, "Tambah petugas loket", date(2026, 11, 16)),
        # Due Friday 13 November: late on 16, 17, 18 = 3 working days (the weekend does not count).
        "capil": fu(tree.capil, tree.capil, "Pasang papan maklumat", date(2026, 11, 13)),
        "b_open": fu(tree.pkm_b, tree.pkm_b, "Sediakan kursi roda", date(2026, 11, 25)),
        "b_done": None,
    }


def rows(user, **filters):
    return [(i.source, i.title, i.days_late) for i in worklist(user=user, filters=Filters(**filters)).items]


def test_every_source_in_one_list_most_days_late_first(data, admin_pemda):
    n = data["late_case"].pk
    assert rows(admin_pemda) == [
        (COMPLAINT_DEADLINE, f"Pengaduan #{n}: Jawaban pertama", 7),  # 10-13 and 16-18 November
        ("organisations.unit", "Pasang papan maklumat", 3),
        ("organisations.unit", "Perbaiki papan alur", 2),
        ("complaints.complaint", "Tambah petugas loket", 2),
    ]


def test_filters_source_perangkat_daerah_unit_and_not_yet_late(data, admin_pemda, tree):
    assert [r[1] for r in rows(admin_pemda, source="complaints.complaint")] == ["Tambah petugas loket"]
    assert len(rows(admin_pemda, pd=tree.dinkes.pk)) == 3  # the puskesmas' rows belong to the dinas
    assert [r[1] for r in rows(admin_pemda, unit=tree.capil.pk)] == ["Pasang papan maklumat"]
    everything = worklist(user=admin_pemda, filters=Filters(overdue_only=False))
    assert len(everything.items) == 6 and everything.overdue == 4
    fresh = next(i for i in everything.items if i.kind == "complaint" and not i.overdue)
    assert (fresh.overdue, fresh.days_left, fresh.due) == (False, 2, date(2026, 11, 20))  # 19 and 20
    assert fresh.url == f"/pengaduan-staf/{data['fresh_case'].pk}/" and fresh.pd_name == "Disdukcapil"
    soon = next(i for i in everything.items if i.title == "Sediakan kursi roda")
    assert (soon.overdue, soon.days_left) == (False, 5)  # 19, 20, 23, 24, 25
    by_due = [
        i.due for i in worklist(user=admin_pemda, filters=Filters(overdue_only=False, sort="tenggat")).items
    ]
    assert by_due == sorted(by_due)


def test_each_user_sees_only_what_they_may_see(data, operator_unit_a, pengelola_pengaduan, tree):
    # The puskesmas' operator: its follow-ups; the case is for complaint handlers only.
    assert [r[1] for r in rows(operator_unit_a)] == ["Perbaiki papan alur", "Tambah petugas loket"]
    # Disdukcapil's complaint handler: its follow-up and its own cases, not the puskesmas' case.
    seen = worklist(user=pengelola_pengaduan, filters=Filters(overdue_only=False)).items
    assert {i.title for i in seen} == {
        "Pasang papan maklumat",
        f"Pengaduan #{data['fresh_case'].pk}: Verifikasi",
    }


def test_the_page_links_each_row_and_never_shows_a_case_code_or_text(client, data, admin_pemda):
    client.force_login(admin_pemda)
    html = client.get(reverse("home:worklist")).content.decode()
    assert html.count("<tr data-row>") == 4 and "<strong data-count>4</strong>" in html
    assert f'href="/pengaduan-staf/{data["late_case"].pk}/"' in html
    assert f'href="/tindak-lanjut/{data["capil"].pk}/"' in html
    for c in (data["late_case"], data["fresh_case"]):
        assert c.code not in html and c.what_happened not in html
    filtered = client.get(reverse("home:worklist"), {"sumber": COMPLAINT_DEADLINE, "semua": "1"})
    assert filtered.content.decode().count("<tr data-row>") == 2


def test_bad_parameters_are_ignored(client, data, admin_pemda):
    client.force_login(admin_pemda)
    response = client.get(
        reverse("home:worklist"), {"pd": "x²", "unit": "-3", "urut": "<b>", "sumber": "evil"}
    )
    assert response.status_code == 200 and response.content.decode().count("<tr data-row>") == 4


def test_the_workbook_has_the_rows_of_the_list(client, data, admin_pemda, tree):
    client.force_login(admin_pemda)
    response = client.get(reverse("home:worklist_xlsx"), {"pd": tree.dinkes.pk})
    sheet = load_workbook(BytesIO(response.content)).active
    got = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[6]) for r in got] == [
        ("Batas waktu pengaduan", 7),
        ("Dicatat langsung", 2),
        ("Tindakan korektif pengaduan", 2),
    ]
    assert all(data["late_case"].code not in str(c) for r in got for c in r)


def test_login_required(client):
    assert client.get(reverse("home:worklist")).status_code == 302
