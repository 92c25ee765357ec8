"""Indonesian words on SKM pages: period names instead of raw keys, unsur names instead of U1…U9 or keys."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sewaka.surveys.charts import period_label
from sewaka.surveys.ikm import UNSUR_KEYS

from .factories import make_period, make_response


@pytest.mark.parametrize(
    ("name", "start", "end", "expected"),
    [
        ("10-2026", date(2026, 10, 1), date(2026, 10, 31), "Oktober 2026"),
        ("TW4", date(2026, 10, 1), date(2026, 12, 31), "Triwulan IV 2026"),
        ("tw-1", date(2027, 1, 1), date(2027, 3, 31), "Triwulan I 2027"),
        ("s1", date(2027, 1, 1), date(2027, 6, 30), "Semester I 2027"),
        ("s2", date(2026, 7, 1), date(2026, 12, 31), "Semester II 2026"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "Tahun 2026"),
        ("SKM Khusus", date(2026, 10, 5), date(2026, 11, 20), "SKM Khusus"),
        ("Survei layanan malam hari", date(2026, 10, 5), date(2026, 11, 20), "Okt–Nov 2026"),
        ("Survei akhir dan awal tahun", date(2026, 12, 1), date(2027, 1, 31), "Des 2026–Jan 2027"),
        ("Februari kabisat", date(2028, 2, 1), date(2028, 2, 29), "Februari 2028"),
    ],
)
def test_period_labels_are_indonesian_period_names(name, start, end, expected):
    assert period_label(name, start, end) == expected


def test_the_trend_names_periods_and_the_cross_tables_name_the_unsur(client, tree, operator_unit_a):
    today = timezone.localdate()
    first = date(today.year - 1, 10, 1)
    old = make_period(tree.pkm_a, name="10-" + str(first.year), start=first, end=date(first.year, 10, 31))
    make_response(old)
    period = make_period(tree.pkm_a, start=today - timedelta(days=10), end=today + timedelta(days=10))
    for i in range(6):
        make_response(
            period, dict.fromkeys(UNSUR_KEYS, 3), gender="P", why={"waktu": "Antre lama"} if i else {}
        )
    client.force_login(operator_unit_a)
    body = client.get(reverse("surveys:period_detail", args=[period.pk])).content.decode()
    assert f"Oktober {first.year}</text>" in body and f">10-{first.year}</text>" not in body
    assert '<abbr title="Persyaratan">Persyaratan</abbr>' in body
    assert '<abbr title="Sistem, Mekanisme, dan Prosedur">Prosedur</abbr>' in body
    assert ">U1<" not in body
    assert "<strong>Waktu Penyelesaian</strong>: Antre lama" in body


def test_paper_entry_names_the_unsur_not_their_keys(client, tree, operator_unit_a):
    period = make_period(tree.pkm_a)
    client.force_login(operator_unit_a)
    body = client.get(reverse("surveys:paper_entry", args=[period.pk])).content.decode()
    assert '2. <abbr title="Sistem, Mekanisme, dan Prosedur">Prosedur</abbr>' in body
    assert '8. <abbr title="Penanganan Pengaduan, Saran dan Masukan">Pengaduan</abbr>' in body
