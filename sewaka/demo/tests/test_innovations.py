"""The demo's innovations (issue 18 item 11): every stage, two past results marked as demo data, one too
young to compete, a replication, published ones with a photo, an internal call scored by two jurors; a
second run adds nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from sewaka.core.models import AuditEvent
from sewaka.innovations.models import Award, Call, FileKind, Innovation, InnovationFile, Score
from sewaka.innovations.transitions import CallStatus, Stage

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def demo(db, settings):
    settings.SEWAKA_DEMO_USERS = True
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=WITA), tick=False):
        call_command("seeddemo", verbosity=0)
        counts = (Innovation.objects.count(), Award.objects.count(), Score.objects.count())
        events = AuditEvent.objects.count()
        call_command("seeddemo", verbosity=0)
    assert (Innovation.objects.count(), Award.objects.count(), Score.objects.count()) == counts
    assert AuditEvent.objects.count() == events


def test_the_demo_innovations(demo, client):
    demo_rows = Innovation.objects.filter(is_demo=True)
    assert demo_rows.count() == Innovation.objects.count() == 8
    assert set(demo_rows.values_list("stage", flat=True)) == set(Stage.values)
    # Two that competed, results marked as demo data: a Top 99 (KIPP 2023) and a Top 45 (KIPP 2022).
    awards = Award.objects.all()
    assert all(a.is_demo for a in awards)
    assert {(a.scheme_code, a.year, a.award_code) for a in awards} >= {
        ("kipp", 2023, "top99"),
        ("kipp", 2022, "top45"),
    }
    # One too young to compete: started at the start of last quarter (1 July 2026), < 2 years ago.
    young = Innovation.objects.get(short_name="KTP Sehari")
    assert young.started_on == date(2026, 7, 1)
    # A replication by another unit, shown both ways on the public pages.
    copy = Innovation.objects.get(replicated_from__isnull=False)
    assert copy.unit_id != copy.replicated_from.unit_id
    source_page = client.get(f"/inovasi/{copy.replicated_from.slug}/").content.decode()
    assert "Direplikasi oleh" in source_page and copy.name in source_page
    # Published ones have a photo; the gallery shows them.
    published = Innovation.objects.filter(published=True)
    assert published.count() >= 4
    with_photo = set(
        InnovationFile.objects.filter(kind=FileKind.PHOTO).values_list("innovation_id", flat=True)
    )
    assert len(with_photo & set(published.values_list("pk", flat=True))) >= 4
    gallery = client.get("/inovasi/").content.decode()
    assert all(i.name in gallery for i in published)
    assert "KIPP: Top 99 2023" in gallery
    # The young innovation's impact panel shows real figures (the demo's SKM history of KTP-el).
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=WITA), tick=False):
        page = client.get(f"/inovasi/{young.slug}/").content.decode()
    assert "Bukti dampak dari data Sewaka" in page and "Penerbitan KTP-el" in page
    # The internal call: two nominations, each scored on every aspect by two jurors and submitted.
    call = Call.objects.get()
    assert call.status == CallStatus.SCORING
    assert call.nominations.count() == 2
    scores = Score.objects.filter(nomination__call=call)
    assert scores.count() == 2 * 2 * 8 and all(s.submitted for s in scores)
    assert scores.values("juror").distinct().count() == 2
