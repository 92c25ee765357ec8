"""consultations.facts: forums held per unit and year with their evidence and participant categories."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sewaka.consultations import facts, services
from sewaka.consultations.models import Forum, Participant
from sewaka.organisations.models import Service
from sewaka.organisations.tests.factories import make_unit
from sewaka.standards.models import ServiceStandard

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 6, 15, 9, 0, tzinfo=WITA), tick=False):
        yield


def forum(unit, day, status="planned", standard=None, topic="Waktu tunggu"):
    return Forum.objects.create(
        unit=unit,
        topic=topic,
        purpose="evaluasi",
        method="fgd",
        date=day,
        place="Aula",
        status=status,
        standard=standard,
    )


def attend(f, *categories, attended=True):
    for i, c in enumerate(categories):
        Participant.objects.create(forum=f, name=f"P{i}", category=c, attended=attended)


@pytest.fixture
def data(tree, operator_unit_a):
    a = tree.pkm_a
    s = Service.objects.create(unit=a, name="Akta", slug="akta")
    v1 = ServiceStandard.objects.create(service=s, version=1, status="published")
    v2 = ServiceStandard.objects.create(service=s, version=2, status="draft")
    held = forum(a, date(2026, 3, 1), "held", standard=v1, topic="Standar akta")
    attend(held, "pengguna_layanan", "tokoh_masyarakat", "pengguna_layanan")
    attend(held, "akademisi", attended=False)  # invited, did not come
    reported = forum(a, date(2026, 4, 1), "held", topic="Antrean")
    attend(reported, "media")
    services.forum_add_evidence(
        actor=operator_unit_a,
        forum=reported,
        uploaded=SimpleUploadedFile("ba.pdf", b"%PDF-1.4 berita acara"),
        kind="berita_acara",
    )  # the signed scan makes it reported
    planned = forum(a, date(2026, 7, 1), standard=v2)
    attend(planned, "lsm_ormas")  # a planned forum's attendance never counts
    last_year = forum(a, date(2025, 12, 1), "reported", standard=v1)
    attend(last_year, "dunia_usaha")
    return {"a": a, "held": held, "reported": reported, "planned": planned, "v1": v1, "v2": v2}


def test_forums_held_in_the_year_with_their_evidence(data, tree):
    got = facts.forums([data["a"], tree.pkm_b], 2026)
    a = got[data["a"].pk]
    assert [f.id for f in a.held] == [data["held"].pk, data["reported"].pk]  # by date; 2025 left out
    assert [f.id for f in a.planned] == [data["planned"].pk]
    first, second = a.held
    assert first.status == "held" and not first.signed_berita_acara
    assert first.berita_acara_url == reverse("consultations:berita_acara", args=[data["held"].pk])
    assert second.status == "reported" and second.signed_berita_acara
    assert second.berita_acara_url.startswith("/") and "berita-acara" not in second.berita_acara_url
    assert first.url == reverse("consultations:detail", args=[data["held"].pk])
    assert first.attended == 3 and first.categories == {"pengguna_layanan", "tokoh_masyarakat"}
    assert first.category_labels == ("Pengguna layanan", "Tokoh masyarakat")
    assert a.categories == {"pengguna_layanan", "tokoh_masyarakat", "media"}
    assert a.last_held.id == data["reported"].pk
    assert got[tree.pkm_b.pk].held == () and got[tree.pkm_b.pk].last_held is None


def test_categories_by_standard_count_forums_held_in_any_year(data):
    got = facts.categories_by_standard([data["v1"].pk, data["v2"].pk])
    # v1: the 2026 forum (two categories present) and the 2025 one (dunia usaha); v2: only a planned forum.
    assert got == {
        data["v1"].pk: {"pengguna_layanan", "tokoh_masyarakat", "dunia_usaha"},
        data["v2"].pk: frozenset(),
    }


def _populate(parent, n):
    units = []
    for _ in range(n):
        unit = make_unit(parent)
        for day in (date(2026, 2, 1), date(2026, 5, 1)):
            f = forum(unit, day, "held")
            attend(f, "pengguna_layanan", "media")
        units.append(unit)
    return units


def test_query_count_does_not_grow_with_units(tree):
    counts = []
    for units in (_populate(tree.dinkes, 2), _populate(tree.capil, 8)):
        facts.forums(units[:1], 2026)  # warm the content-type cache
        with CaptureQueriesContext(connection) as ctx:
            got = facts.forums(units, 2026)
        assert all(len(got[u.pk].held) == 2 for u in units)
        counts.append(len(ctx.captured_queries))
    assert counts == [3, 3]
