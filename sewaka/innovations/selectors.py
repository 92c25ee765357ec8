"""Reads of innovations, awards and the internal selection, scoped by access.py (organisations/access.py).

A unit outside the user's view scope answers 404 (no existence leak); in scope without the action, 403.
A published innovation may be read by every signed-in user (it is public anyway)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as date_type
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sewaka.core.models import Attachment
from sewaka.organisations.access import Action, units_visible_to
from sewaka.organisations.models import Membership, Service, Unit

from . import access, eligibility, schemes, scoring
from .models import (
    AWARD_LABELS,
    Award,
    Call,
    FileKind,
    Innovation,
    InnovationEvent,
    InnovationFile,
    Juror,
    Nomination,
    ProposalText,
    SchemeYear,
    Score,
)
from .transitions import RUNNING_STAGES, STAGE_TRANSITIONS, NominationStatus, Stage

# Known award codes, best first (a scheme's own order wins for its codes).
AWARD_RANK = ["outstanding", "top15_khusus", "top_terpuji", "top45", "top99", "administrasi_lolos"]


def innovation_list(
    *,
    user,
    unit: Unit | None = None,
    stage: str | None = None,
    year: int | None = None,
    scheme: str | None = None,
    award: str | None = None,
    query: str | None = None,
) -> QuerySet[Innovation]:
    """Innovations of the user's view scope (owning or partner unit). `unit` narrows to its subtree;
    `year` is the year implementation started; `scheme` / `award` keep those with such a result."""
    ids = Innovation.objects.filter(access.scope_q(user)).values("pk")
    qs = Innovation.objects.filter(pk__in=ids)
    if unit is not None:
        qs = qs.filter(Q(unit__path__startswith=unit.path) | Q(partner_units__path__startswith=unit.path))
    if stage:
        qs = qs.filter(stage=stage)
    if year:
        qs = qs.filter(started_on__year=year)
    if scheme:
        qs = qs.filter(awards__scheme_code=scheme)
    if award:
        qs = qs.filter(awards__award_code=award)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return Innovation.objects.filter(pk__in=qs.values("pk")).select_related("unit").order_by("name", "id")


def innovation_get(*, user, pk, action: Action | str = Action.VIEW) -> Innovation:
    try:
        innovation = Innovation.objects.select_related(
            "unit", "unit__home_agency", "pemda", "replicated_from", "replicated_from__unit"
        ).get(pk=int(pk))
    except (Innovation.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not (access.may_view(user, innovation) or innovation.published):
        raise Http404
    action = Action(action)
    if action == Action.VIEW:
        return innovation
    if action == Action.ACT and access.may_edit(user, innovation):
        return innovation
    if action == Action.MANAGE and access.may_publish(user, innovation):
        return innovation
    raise PermissionDenied


def creatable_units(user) -> QuerySet[Unit]:
    """Units for which the user may register an innovation (not the pemda root itself)."""
    return units_visible_to(user, Action.ACT).filter(is_active=True, parent__isnull=False).order_by("path")


def service_choices(units: Iterable[Unit]) -> QuerySet[Service]:
    return (
        Service.objects.filter(unit__in=list(units), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def partner_unit_choices(unit: Unit) -> QuerySet[Unit]:
    root = unit.path_prefixes[0]
    return Unit.objects.filter(path__startswith=root, is_active=True, parent__isnull=False).exclude(
        pk=unit.pk
    )


def replication_source_choices(unit: Unit, exclude: Innovation | None = None) -> QuerySet[Innovation]:
    qs = Innovation.objects.filter(pemda_id=unit.root_id).select_related("unit")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("name")


def replications_of(innovation: Innovation) -> QuerySet[Innovation]:
    return innovation.replications.select_related("unit").order_by("name")


def history_of(innovation: Innovation) -> QuerySet[InnovationEvent]:
    return innovation.events.select_related("actor").order_by("created_at", "id")


@dataclass(frozen=True)
class FileRow:
    file: InnovationFile
    attachment: Attachment


def files_of(innovation: Innovation, kinds: Iterable[str] = FileKind.values) -> dict[str, list[FileRow]]:
    """The innovation's files by kind (two queries)."""
    rows = list(innovation.files.filter(kind__in=list(kinds)))
    by_owner = {
        a.owner_id: a
        for a in Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(InnovationFile),
            owner_id__in=[str(r.pk) for r in rows],
        )
    }
    out: dict[str, list[FileRow]] = {k: [] for k in kinds}
    for row in rows:
        if (attachment := by_owner.get(str(row.pk))) is not None:
            out[row.kind].append(FileRow(row, attachment))
    return out


def has_innovator_sk(innovation_ids: Iterable[int]) -> set[int]:
    """The innovations among `innovation_ids` holding an uploaded innovator-team SK (eligibility)."""
    return set(
        InnovationFile.objects.filter(innovation_id__in=list(innovation_ids), kind=FileKind.SK).values_list(
            "innovation_id", flat=True
        )
    )


def allowed_moves(user, innovation: Innovation) -> list[tuple[str, str, bool]]:
    """(to stage, label, needs a note) of the moves the user may make now."""
    if not access.may_edit(user, innovation):
        return []
    return [
        (to, str(Stage(to).label), "note" in rule.needs)
        for to, rule in STAGE_TRANSITIONS.get(innovation.stage, {}).items()
    ]


# --- Awards -----------------------------------------------------------------------------------------


def award_label(award: Award) -> str:
    if award.scheme_year is not None:
        names = award.scheme_year.award_names()
        if award.award_code in names:
            return names[award.award_code]
    if award.award_code in AWARD_LABELS:
        return str(AWARD_LABELS[award.award_code])
    text = award.award_code.replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def scheme_label(award: Award) -> str:
    if award.scheme_year is not None:
        return award.scheme_code.upper() if len(award.scheme_code) <= 6 else award.scheme_year.scheme.name
    return award.scheme_name or award.scheme_code


def awards_of(innovation: Innovation) -> list[Award]:
    awards = list(
        innovation.awards.select_related("scheme_year__scheme").order_by("year", "scheme_code", "id")
    )
    decrees = _decrees([a.pk for a in awards])
    for award in awards:
        award.label = award_label(award)  # type: ignore[attr-defined]
        award.scheme_label = scheme_label(award)  # type: ignore[attr-defined]
        award.decrees = decrees.get(award.pk, [])  # type: ignore[attr-defined]
    return awards


def _decrees(award_ids: list[int]) -> dict[int, list[Attachment]]:
    out: dict[int, list[Attachment]] = defaultdict(list)
    for a in Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Award), owner_id__in=[str(i) for i in award_ids]
    ):
        out[int(a.owner_id)].append(a)
    return out


def _rank(award: Award) -> int:
    if award.scheme_year is not None:
        order = award.scheme_year.award_order()
        if award.award_code in order:
            return order[award.award_code]
    return AWARD_RANK.index(award.award_code) + 1 if award.award_code in AWARD_RANK else 99


def awards_summary(innovation_ids: Iterable[int]) -> dict[int, list[str]]:
    """Per innovation, one line per scheme with its best result of each year, oldest first:
    {id: ["KIPP: Top 99 2023, Top 45 2024"]}. One query for any number of innovations."""
    awards = Award.objects.filter(innovation_id__in=list(innovation_ids)).select_related(
        "scheme_year__scheme"
    )
    best: dict[tuple[int, str, int], Award] = {}
    for award in awards:
        key = (award.innovation_id, award.scheme_code, award.year)
        if key not in best or _rank(award) < _rank(best[key]):
            best[key] = award
    lines: dict[tuple[int, str], list[Award]] = defaultdict(list)
    for (innovation_id, code, _year), award in sorted(
        best.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])
    ):
        lines[(innovation_id, code)].append(award)
    out: dict[int, list[str]] = defaultdict(list)
    for (innovation_id, _code), items in lines.items():
        head = scheme_label(items[0])
        out[innovation_id].append(f"{head}: " + ", ".join(f"{award_label(a)} {a.year}" for a in items))
    return dict(out)


def awards_by_year(*, user, year: int | None = None, scheme: str | None = None) -> list[Award]:
    """Results of the innovations in the user's scope, newest year first."""
    qs = Award.objects.filter(innovation__in=Innovation.objects.filter(access.scope_q(user)).values("pk"))
    if year:
        qs = qs.filter(year=year)
    if scheme:
        qs = qs.filter(scheme_code=scheme)
    awards = list(
        qs.select_related("innovation", "innovation__unit", "scheme_year__scheme").order_by(
            "-year", "scheme_code", "innovation__name", "id"
        )
    )
    for award in awards:
        award.label = award_label(award)  # type: ignore[attr-defined]
        award.scheme_label = scheme_label(award)  # type: ignore[attr-defined]
    awards.sort(key=lambda a: (-a.year, a.scheme_code, _rank(a), a.innovation.name))
    return awards


def award_years(*, user) -> list[int]:
    qs = Award.objects.filter(innovation__in=Innovation.objects.filter(access.scope_q(user)).values("pk"))
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def unit_innovations(unit: Unit) -> QuerySet[Innovation]:
    """The unit's own and partner innovations (its page; the caller has checked it may view the unit)."""
    ids = Innovation.objects.filter(Q(unit=unit) | Q(partner_units=unit)).values("pk")
    return Innovation.objects.filter(pk__in=ids).select_related("unit").order_by("name")


# --- Schemes and the internal selection ---------------------------------------------------------------


def scheme_years() -> QuerySet[SchemeYear]:
    return SchemeYear.objects.select_related("scheme").order_by("scheme__code", "-year", "-created_at")


def scheme_year_get(pk) -> SchemeYear:
    try:
        return SchemeYear.objects.select_related("scheme").get(pk=int(pk))
    except (SchemeYear.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def call_list(*, user) -> QuerySet[Call]:
    """Calls of the pemda the user belongs to (any role there), and those the user is a juror of."""
    roots = [u.path_prefixes[0] for u in units_visible_to(user, Action.VIEW)]
    q = (
        Q(jurors__user=user, jurors__is_active=True)
        if getattr(user, "is_authenticated", False)
        else Q(pk__in=[])
    )
    for root in set(roots):
        q |= Q(pemda__path=root)
    ids = Call.objects.filter(q).values("pk")
    return Call.objects.filter(pk__in=ids).select_related("scheme_year__scheme", "pemda")


def call_get(*, user, pk, manage: bool = False) -> Call:
    try:
        call = Call.objects.select_related("scheme_year__scheme", "pemda").get(pk=int(pk))
    except (Call.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not call_list(user=user).filter(pk=call.pk).exists():
        raise Http404
    if manage and not access.may_manage_call(user, call):
        raise PermissionDenied
    return call


def nominations_of(*, user, call: Call) -> QuerySet[Nomination]:
    """Every nomination for admin pemda and the jurors; a unit's people see their scope's."""
    qs = call.nominations.select_related("innovation", "innovation__unit").order_by("innovation__name")
    if access.may_manage_call(user, call) or access.juror_of(user, call) is not None:
        return qs
    return qs.filter(innovation__in=Innovation.objects.filter(access.scope_q(user)).values("pk"))


def scores_visible_to(*, user, nomination: Nomination) -> QuerySet[Score]:
    """A juror sees their own scores, and the other jurors' submitted scores only once they submitted
    theirs; admin pemda sees submitted scores. Nobody sees another juror's unsubmitted score."""
    qs = nomination.scores.select_related("juror__user").order_by("juror__user__username", "aspect_code")
    juror = access.juror_of(user, nomination.call)
    if juror is not None:
        submitted = nomination.scores.filter(juror=juror, submitted=True).exists()
        return qs.filter(Q(juror=juror) | Q(submitted=True)) if submitted else qs.filter(juror=juror)
    if access.may_manage_call(user, nomination.call):
        return qs.filter(submitted=True)
    return qs.none()


def proposal_current(nomination: Nomination) -> dict[str, ProposalText]:
    """The current (highest) version of each aspect's text."""
    out: dict[str, ProposalText] = {}
    for row in nomination.texts.order_by("aspect_code", "-version"):
        out.setdefault(row.aspect_code, row)
    return out


def proposal_versions(nomination: Nomination, aspect_code: str) -> QuerySet[ProposalText]:
    return nomination.texts.filter(aspect_code=aspect_code).select_related("author").order_by("-version")


# --- Selection screens: eligibility, nominations, jury, ranking ----------------------------------------


def scheme_of(scheme_year: SchemeYear) -> schemes.SchemeData | None:
    """The loaded file's parsed form (validated when loaded; None if it no longer parses)."""
    return scheme_year.parsed


def calls_of_pemda(pemda_id: int, scheme_year: SchemeYear) -> QuerySet[Call]:
    return Call.objects.filter(pemda_id=pemda_id, scheme_year=scheme_year).order_by("-created_at", "-id")


def forwarded_count(call: Call, exclude: Innovation | None = None) -> int:
    """Proposals of the call already decided to go forward (the cap rule's count)."""
    qs = call.nominations.filter(status=NominationStatus.SELECTED)
    if exclude is not None:
        qs = qs.exclude(innovation=exclude)
    return qs.count()


@dataclass(frozen=True)
class EligibilityCheck:
    """The engine's result with what it was computed from (shown beside the rules)."""

    result: eligibility.EligibilityResult
    scheme: schemes.SchemeData
    group: schemes.Group
    deadline: date_type | None
    deadline_from_call: bool
    call: Call | None
    running: bool  # the stage counts its start date (implementasi, direplikasi)
    facts: eligibility.InnovationFacts


def innovation_facts(
    innovation: Innovation, *, category: str = "", call: Call | None = None
) -> eligibility.InnovationFacts:
    """The engine's facts about an innovation: start date (only once implemented), replication, the
    innovator SK file, its awards, and the call's forwarded proposals against its cap."""
    awards = tuple(
        eligibility.AwardRecord(a.scheme_code, a.year, a.group_code, a.award_code)
        for a in Award.objects.filter(innovation=innovation).order_by("year", "id")
    )
    return eligibility.InnovationFacts(
        started_on=innovation.started_on if innovation.stage in RUNNING_STAGES else None,
        replicated=innovation.replicated_from_id is not None or bool(innovation.replicated_from_text),
        category=category or None,
        has_innovator_sk=innovation.pk in has_innovator_sk([innovation.pk]),
        awards=awards,
        proposals_forwarded=forwarded_count(call, exclude=innovation) if call is not None else None,
        cap=call.cap if call is not None else None,
    )


def eligibility_check(
    *,
    innovation: Innovation,
    scheme_year: SchemeYear,
    group_code: str,
    category: str = "",
    call: Call | None = None,
) -> EligibilityCheck | None:
    """Evaluate the scheme-year's rules of `group_code` for the innovation; None when the group is unknown
    or the scheme file no longer parses. Without a call, the pemda's latest call of the scheme-year (if
    any) gives the registration deadline, the cap and the forwarded count."""
    scheme = scheme_of(scheme_year)
    if scheme is None:
        return None
    try:
        group = scheme.group(group_code)
    except KeyError:
        return None
    if call is None:
        call = calls_of_pemda(innovation.pemda_id, scheme_year).first()
    deadline = (call.registration_deadline if call is not None else None) or scheme.registration_deadline
    facts = innovation_facts(innovation, category=category, call=call)
    result = eligibility.evaluate(scheme, group.code, facts, registration_deadline=deadline)
    return EligibilityCheck(
        result=result,
        scheme=scheme,
        group=group,
        deadline=deadline,
        deadline_from_call=call is not None and call.registration_deadline is not None,
        call=call,
        running=innovation.stage in RUNNING_STAGES,
        facts=facts,
    )


def nominatable_innovations(*, user, call: Call) -> QuerySet[Innovation]:
    """Innovations of the call's pemda the user may nominate (act on their unit), not already in the call
    (a withdrawn one may be nominated again)."""
    taken = call.nominations.exclude(status=NominationStatus.WITHDRAWN).values("innovation_id")
    return (
        Innovation.objects.filter(access.scope_q(user, Action.ACT), pemda_id=call.pemda_id)
        .exclude(pk__in=taken)
        .exclude(stage=Stage.DIHENTIKAN)
        .select_related("unit")
        .order_by("name", "id")
        .distinct()
    )


def juror_candidates(call: Call) -> QuerySet:
    """Active users with an active membership in the call's pemda, not already active jurors."""
    user_model = get_user_model()
    members = Membership.objects.filter(
        is_active=True, unit__path__startswith=call.pemda.path, unit__is_active=True
    ).values("user_id")
    current = call.jurors.filter(is_active=True).values("user_id")
    return (
        user_model.objects.filter(pk__in=members, is_active=True)
        .exclude(pk__in=current)
        .order_by("first_name", "last_name", "username")
    )


def jurors_of(call: Call) -> QuerySet[Juror]:
    return call.jurors.filter(is_active=True).select_related("user").order_by("user__username")


def nomination_get(*, user, pk, action: str = "view") -> Nomination:
    """A nomination for `action`: "view" (the innovation's viewers, the call's managers and jurors),
    "draft" (the unit's operators, admin pemda), "score" (an active juror of the call, never of the own
    perangkat daerah). Outside every reading scope: 404; readable but not allowed: 403."""
    try:
        nomination = Nomination.objects.select_related(
            "call__scheme_year__scheme", "call__pemda", "innovation__unit", "innovation__pemda"
        ).get(pk=int(pk))
    except (Nomination.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    call, innovation = nomination.call, nomination.innovation
    manager = access.may_manage_call(user, call)
    juror = access.juror_of(user, call)
    if not (manager or juror is not None or access.may_view(user, innovation)):
        raise Http404
    if action == "view":
        return nomination
    if action == "draft" and (access.may_edit(user, innovation) or manager):
        return nomination
    if action == "score" and juror is not None and not access.own_unit_conflict(user, innovation):
        return nomination
    raise PermissionDenied


def nomination_aspects(nomination: Nomination) -> list[schemes.Aspect]:
    """The proposal aspects of the nomination's group, in the scheme's order."""
    return list(nomination.call.scheme_year.aspects(nomination.group_code).values())


@dataclass(frozen=True)
class JurorTask:
    nomination: Nomination
    scored: int  # aspects with a saved score
    submitted: bool


def juror_tasks(*, juror: Juror) -> list[JurorTask]:
    """The nominations a juror scores (the call's nominations except withdrawn ones and those of the
    juror's own perangkat daerah), with the juror's progress."""
    candidates = list(
        juror.call.nominations.exclude(status=NominationStatus.WITHDRAWN).select_related("innovation__unit")
    )
    scheme = scheme_of(juror.call.scheme_year)
    scorable = {g.code for g in scheme.groups if g.aspects} if scheme is not None else set()
    candidates = [n for n in candidates if n.group_code in scorable]  # a group without aspects: no scores
    conflicts = access.own_unit_conflicts([juror.user], [n.innovation for n in candidates])
    noms = [n for n in candidates if (juror.user_id, n.innovation_id) not in conflicts]
    mine: dict[int, list[Score]] = defaultdict(list)
    for s in Score.objects.filter(juror=juror, nomination__in=[n.pk for n in noms]):
        mine[s.nomination_id].append(s)
    return [
        JurorTask(n, len(mine[n.pk]), bool(mine[n.pk]) and all(s.submitted for s in mine[n.pk]))
        for n in sorted(noms, key=lambda n: (n.innovation.name, n.pk))
    ]


def juror_done(juror: Juror) -> bool:
    """Has the juror submitted every nomination they score (then the panel's ranking is theirs to see)?"""
    tasks = juror_tasks(juror=juror)
    return bool(tasks) and all(t.submitted for t in tasks)


@dataclass(frozen=True)
class RankingRow:
    nomination: Nomination
    entry: scoring.NominationResult
    jurors: list[tuple[Juror, str]]  # (juror, "submitted" / "draft" / "none" / "conflict")


@dataclass(frozen=True)
class GroupRanking:
    group_code: str
    group_name: str
    ranking: scoring.Ranking | None  # None: the group has no aspects in the scheme data (cannot be scored)
    rows: list[RankingRow]
    cap: int | None  # the cap applied here (None when the call ranks several groups)
    unscored: tuple[Nomination, ...] = ()  # the nominations of a group without aspects


def _code_of(n: Nomination, taken: set[str]) -> str:
    code = (n.innovation.short_name or n.innovation.name)[:40]
    if code in taken:
        code = f"{code} #{n.pk}"
    taken.add(code)
    return code


def call_ranking(call: Call) -> list[GroupRanking]:
    """The panel's ranking by group from the submitted scores of the active jurors (scoring.rank). The
    call's cap is applied by the engine when the call has one group; with several groups each group is
    ranked on its own and the cap is left to the admin (the groups' aspects differ)."""
    scheme = scheme_of(call.scheme_year)
    if scheme is None:
        return []
    noms = list(
        call.nominations.exclude(status=NominationStatus.WITHDRAWN).select_related("innovation__unit")
    )
    jurors = list(jurors_of(call))
    scores: dict[int, dict[int, list[Score]]] = defaultdict(lambda: defaultdict(list))
    for s in Score.objects.filter(nomination__in=[n.pk for n in noms], juror__in=[j.pk for j in jurors]):
        scores[s.nomination_id][s.juror_id].append(s)
    pairs = access.own_unit_conflicts([j.user for j in jurors], [n.innovation for n in noms])
    conflicts = {(j.pk, n.pk) for j in jurors for n in noms if (j.user_id, n.innovation_id) in pairs}
    groups = [g for g in scheme.groups if any(n.group_code == g.code for n in noms)]
    scale = scoring.Scale(Fraction(scheme.scale.min), Fraction(scheme.scale.max))
    out = []
    for group in groups:
        aspects = [scoring.AspectWeight(a.code, a.name, a.weight) for a in group.aspects]
        members = [n for n in noms if n.group_code == group.code]
        if not aspects:
            out.append(GroupRanking(group.code, group.name, None, [], None, tuple(members)))
            continue
        taken: set[str] = set()
        codes = {n.pk: _code_of(n, taken) for n in members}
        engine_noms = [
            scoring.Nomination(
                codes[n.pk],
                n.innovation.name,
                {
                    str(juror_id): {s.aspect_code: s.value for s in rows}
                    for juror_id, rows in scores[n.pk].items()
                    if rows and all(s.submitted for s in rows)
                },
            )
            for n in members
        ]
        cap = call.cap if len(groups) == 1 else None
        ranking = scoring.rank(aspects, scale, engine_noms, cap)
        by_code = {codes[n.pk]: n for n in members}
        rows = []
        for entry in ranking.entries:
            n = by_code[entry.code]
            states = []
            for j in jurors:
                rows_j = scores[n.pk].get(j.pk, [])
                if (j.pk, n.pk) in conflicts:
                    state = "conflict"
                elif rows_j and all(s.submitted for s in rows_j):
                    state = "submitted"
                elif rows_j:
                    state = "draft"
                else:
                    state = "none"
                states.append((j, state))
            rows.append(RankingRow(n, entry, states))
        out.append(GroupRanking(group.code, group.name, ranking, rows, cap))
    return out


@dataclass(frozen=True)
class AttachmentRow:
    kind: str
    caption: str
    name: str
    size: int
    url: str


def proposal_attachments(nomination: Nomination) -> list[AttachmentRow]:
    """The innovation's files (SK, documents, photos) as the proposal's attachments list, with sizes."""
    rows = []
    for kind, items in files_of(nomination.innovation).items():
        for item in items:
            rows.append(
                AttachmentRow(
                    str(FileKind(kind).label),
                    item.file.caption,
                    item.attachment.original_name,
                    item.attachment.size,
                    item.attachment.get_absolute_url(),
                )
            )
    return rows
