"""What the obligations read from the other apps, in bulk: one call per fact for any number of units, a
constant number of queries whatever the size of the city.

Each function turns one app's public facts module (issue 15 item 5) into the engine's plain dataclasses
(`evaluation.py`) keyed by unit id; this module is the one place that knows their shapes.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import lru_cache

from django.urls import reverse
from django.utils import timezone

from sewaka.complaints import facts as complaint_facts
from sewaka.consultations import facts as forum_facts
from sewaka.events import facts as event_facts
from sewaka.followups import facts as followup_facts
from sewaka.innovations import facts as innovation_facts
from sewaka.standards import facts as standard_facts
from sewaka.surveys import facts as survey_facts

from . import evaluation as ev

TASK_SOURCES = ("surveys.rtlaction", "consultations.agreement")
_PK = 987654321


@lru_cache(maxsize=16)
def _pattern(name: str) -> str:
    return reverse(name, args=[_PK])


def _url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) from a pattern reversed once (a city of 600 units reversed 1 800 URLs a
    call, a third of a second)."""
    return _pattern(name).replace(str(_PK), str(pk))


def _local(moment) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def standards(
    ids: Collection[int], year: int, today: date, *, read: dict | None = None
) -> dict[int, list[ev.ServiceStandard]]:
    """Each active service with its current set version (the standards app's one rule, `current_of`).
    `read`: `standards.facts.service_standards(ids, year, today=today)` when the caller already holds it."""
    out: dict[int, list[ev.ServiceStandard]] = {}
    facts = read if read is not None else standard_facts.service_standards(ids, year, today=today)
    for uid, unit in facts.items():
        rows = []
        for s in unit.services:
            c = s.current
            if c is None:
                rows.append(ev.ServiceStandard(s.service_name, None, None, _url("standards:unit", uid)))
            else:
                url = _url("standards:detail", c.id)
                rows.append(
                    ev.ServiceStandard(s.service_name, c.decree_date or c.reviewed_at, c.reviewed_at, url)
                )
        out[uid] = rows
    return out


def maklumat(ids: Collection[int]) -> dict[int, list[ev.Held]]:
    return {
        uid: [
            ev.Held(r.signed_on, "Maklumat pelayanan", _url("standards:maklumat", uid))
            for r in m.records
            if r.status == "published"
        ]
        for uid, m in standard_facts.maklumat(ids).items()
    }


def forums(ids: Collection[int], year: int) -> dict[int, list[ev.Held]]:
    return {
        uid: [ev.Held(f.date, f"Berita acara FKP: {f.topic}", f.berita_acara_url) for f in c.held]
        for uid, c in forum_facts.forums(ids, year).items()
    }


def skm_periods(
    ids: Collection[int], year: int, *, results: dict | None = None
) -> dict[int, list[ev.SkmPeriod]]:
    """The periods that end in `year` with the day they became evaluated (surveys' one rule). `results`:
    the stored results of (at least) those periods when the caller holds them (`surveys.facts.periods`)."""
    return {
        uid: [
            ev.SkmPeriod(
                p.name,
                p.start,
                p.end,
                _local(p.evaluated_at),
                tuple(p.evaluation.missing),
                _url("surveys:period_detail", p.id),
            )
            for p in periods
        ]
        for uid, periods in survey_facts.periods(ids, year, results=results).items()
    }


def deadlines(ids: Collection[int], year: int) -> dict[int, list[ev.Deadline]]:
    """Handlers' deadlines of the cases received in `year`; a deadline not yet passed and not met has no
    outcome yet and is left to the engine (it counts only met or passed ones)."""
    return {
        uid: [
            ev.Deadline(
                _local(d.due),
                _local(d.met_at),
                f"Pengaduan #{d.complaint_id} · {d.label}",
                _url("complaints:detail", d.complaint_id),
            )
            for d in rows
        ]
        for uid, rows in complaint_facts.handler_deadlines(ids, date(year, 1, 1), date(year, 12, 31)).items()
    }


def tasks(ids: Collection[int], year: int) -> dict[int, list[ev.Task]]:
    return {
        uid: [ev.Task(t.title, t.due, t.done_on, _url("followups:detail", t.id)) for t in rows]
        for uid, rows in followup_facts.tasks(
            ids, date(year, 1, 1), date(year, 12, 31), sources=TASK_SOURCES
        ).items()
    }


def invitations(ids: Collection[int], year: int) -> dict[int, list[ev.Invitation]]:
    out: dict[int, list[ev.Invitation]] = {}
    for i in event_facts.invitations_bulk(ids, date(year, 1, 1), date(year, 12, 31)):
        out.setdefault(i.unit_id, []).append(ev.Invitation(i.date, i.topic, i.attended, i.url))
    return out


def innovations(ids: Collection[int], year: int) -> dict[int, list[ev.Held]]:
    """Innovations each unit registered in `year`, on the day they were recorded in Sewaka."""
    return {
        uid: [ev.Held(i.registered_on, f"Inovasi: {i.name}", i.url) for i in u.registered]
        for uid, u in innovation_facts.innovations(ids, year).items()
        if u.registered
    }
