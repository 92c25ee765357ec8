"""What an assessment reads besides its own answers: the facts of the other apps per unit and year (for
the pre-fill), the Sewaka objects that can serve as evidence, and the evidence attached. Reads only; the
services (pre-fill, evidence_add, finalise) and the selectors (pages) both use it, so the selectors may
import the services without a cycle.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from sewaka.complaints import facts as complaint_facts
from sewaka.consultations import facts as forum_facts
from sewaka.events import facts as event_facts
from sewaka.standards import facts as standard_facts
from sewaka.surveys import facts as survey_facts

from .models import Assessment, AssessmentEvidence, AssessmentStatus, EvidenceKind
from .prefill import UnitFacts


def evidence_candidates(unit, year: int) -> list[dict]:
    """Objects already in Sewaka that can serve as evidence for the unit's assessment of `year`:
    set/published standards, SKM periods of the year with results, FKP held, complaint statistics
    (read from the apps' facts modules)."""
    items = []
    services = standard_facts.service_standards([unit], year)[unit.pk].services
    versions = sorted(
        ((s, v) for s in services for v in s.versions if v.is_set),
        key=lambda sv: (sv[0].service_id, -sv[1].version),
    )
    for service, v in versions:
        decree = f", SK {v.decree_number}" if v.decree_number else ""
        items.append(
            {
                "ref": f"standard:{v.id}",
                "label": f"Standar pelayanan {service.service_name} v{v.version} ({v.status_label}{decree})",
                "url": reverse("standards:detail", args=[v.id]),
            }
        )
    for p in sorted(survey_facts.periods([unit], year)[unit.pk], key=lambda p: (p.start, p.id)):
        state = "hasil diterbitkan" if p.published_at else p.status_label
        items.append(
            {
                "ref": f"skm:{p.id}",
                "label": f"SKM {p.name} ({state}; {len(p.publications)} publikasi)",
                "url": reverse("surveys:period_detail", args=[p.id]),
            }
        )
    for f in reversed(forum_facts.forums([unit], year)[unit.pk].held):
        items.append(
            {
                "ref": f"forum:{f.id}",
                "label": f"FKP {f.topic} ({f.date:%d-%m-%Y}, {f.status_label})",
                "url": f.url,
            }
        )
    total = complaint_facts.complaints([unit], year, subtree=True)[unit.pk].received
    items.append(
        {
            "ref": f"complaints:{unit.pk}:{year}",
            "label": f"Statistik pengaduan {year}: {total} pengaduan",
            "url": reverse("assessments:complaint_statistics", args=[unit.pk, year]),
        }
    )
    return items


def unit_facts(units, year: int, *, invitations: bool = False) -> dict[int, UnitFacts]:
    """{unit id: UnitFacts} — what the pre-fill rules read — for many units at once, from the apps' facts
    modules (a constant number of queries whatever the number of units). Pure read: callers scope.
    `invitations`: also read the units' coordination-event invitations of the year (the forecast proxies)."""
    units = list(units)
    invited: dict[int, list] = {}
    if invitations:
        for invitation in event_facts.invitations_bulk(
            [u if isinstance(u, int) else u.pk for u in units], date(year, 1, 1), date(year, 12, 31)
        ):
            invited.setdefault(invitation.unit_id, []).append(invitation)
    standards = standard_facts.service_standards(units, year)
    versions = [i for u in standards.values() for s in u.services for i in s.version_ids]
    participation = forum_facts.categories_by_standard(versions)
    maklumat = standard_facts.maklumat(units)
    periods = survey_facts.periods(units, year)
    complaints = complaint_facts.complaints(units, year, subtree=True)
    return {
        uid: UnitFacts(
            unit_id=uid,
            year=year,
            standards=standards[uid],
            maklumat=maklumat[uid],
            participation={i: participation[i] for s in standards[uid].services for i in s.version_ids},
            periods=periods[uid],
            complaints=complaints[uid],
            invitations=tuple(invited.get(uid, ())),
        )
        for uid in standards
    }


def evidence_list(assessment: Assessment) -> list[dict]:
    """Every piece of evidence of an assessment, one dict per item:
    {"indicator", "kind" (link/file/object), "label", "url", "ref", "sha256"}. A final assessment lists its
    snapshot, so later changes to the linked objects never alter it."""

    if assessment.status == AssessmentStatus.FINAL and assessment.snapshot.get("evidence_items") is not None:
        return list(assessment.snapshot["evidence_items"])
    items = [
        {
            "indicator": code,
            "kind": EvidenceKind.LINK.value,
            "label": link,
            "url": link,
            "ref": "",
            "sha256": "",
        }
        for code, link in assessment.answers.exclude(evidence_link="").values_list(
            "indicator", "evidence_link"
        )
    ]
    items += [
        e.as_dict()
        for e in AssessmentEvidence.objects.filter(answer__assessment=assessment).select_related(
            "answer", "attachment"
        )
    ]
    return items
