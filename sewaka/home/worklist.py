"""The city-wide list of what is late (issue 17 item 9): every open follow-up, whatever produced it (SKM RTL,
FKP agreement, Monev finding, complaint corrective action, assessment, recorded directly), and every open
complaint measured against its handlers' deadline — one list, one count.

Access: follow-ups as on the follow-up list (`followups.selectors.followup_list`: the units the user may
view); complaints only the cases the user may handle (`organisations.access.handled_scope`, the rule of the
case page), named only by their number, never their code or text.

Days late are working days (the pemda's calendar, `core.workdays`): a follow-up is late from the day after
its due date, a complaint from the end of its step's deadline (`complaints.sla`). The Beranda's counts call
`worklist()` with the same filters as the link they show, so a count always equals the rows behind it.
A constant number of queries, whatever the number of units, follow-ups or cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sewaka.complaints import facts as complaint_facts
from sewaka.core.calendar import pemda_calendar
from sewaka.core.http import parse_int
from sewaka.core.workdays import Calendar
from sewaka.followups.selectors import followup_list
from sewaka.followups.transitions import OPEN_STATES
from sewaka.organisations.access import handled_scope
from sewaka.organisations.models import Unit

COMPLAINT_DEADLINE = "complaints.deadline"

# The list's sources, in the words of the people who use it (key: "app_label.model" of a follow-up's source).
SOURCES = {
    "surveys.rtlaction": gettext_lazy("RTL SKM"),
    "consultations.agreement": gettext_lazy("Kesepakatan FKP"),
    "assessments.monevvisit": gettext_lazy("Temuan Monev"),
    "complaints.complaint": gettext_lazy("Tindakan korektif pengaduan"),
    "assessments.assessment": gettext_lazy("Penilaian"),
    "organisations.unit": gettext_lazy("Dicatat langsung"),
    COMPLAINT_DEADLINE: gettext_lazy("Batas waktu pengaduan"),
}

SORTS = {
    "terlambat": gettext_lazy("Paling lama terlambat"),
    "tenggat": gettext_lazy("Tenggat terdekat"),
    "unit": gettext_lazy("Unit"),
}


@dataclass(frozen=True)
class Item:
    """One row: a follow-up or a complaint's deadline."""

    kind: str  # "followup" or "complaint"
    source: str  # a key of SOURCES
    title: str
    url: str
    unit_id: int | None
    unit_name: str
    pd_id: int | None  # the perangkat daerah above the unit (the unit itself at that level)
    pd_name: str
    due: date
    overdue: bool
    days_late: int  # working days past the due date (0 while not late)
    days_left: int  # working days until the due date (0 or less once late)
    status: str

    @property
    def source_label(self) -> str:
        return str(SOURCES.get(self.source, self.source))


@dataclass(frozen=True)
class Filters:
    source: str = ""
    pd: int | None = None
    unit: int | None = None
    overdue_only: bool = True
    sort: str = "terlambat"

    @classmethod
    def from_query(cls, data: Mapping[str, str]) -> Filters:
        """From the list's GET parameters; anything unknown is ignored, never an error."""
        source = data.get("sumber", "")
        sort = data.get("urut", "")
        return cls(
            source=source if source in SOURCES else "",
            pd=parse_int(data.get("pd"), min_value=1),
            unit=parse_int(data.get("unit"), min_value=1),
            overdue_only=data.get("semua", "") != "1",
            sort=sort if sort in SORTS else "terlambat",
        )

    def query(self) -> str:
        """The GET parameters of these filters (for links: a count's link shows exactly its rows)."""
        parts = []
        if self.source:
            parts.append(f"sumber={self.source}")
        if self.pd:
            parts.append(f"pd={self.pd}")
        if self.unit:
            parts.append(f"unit={self.unit}")
        if not self.overdue_only:
            parts.append("semua=1")
        if self.sort != "terlambat":
            parts.append(f"urut={self.sort}")
        return "&".join(parts)

    def url(self) -> str:
        q = self.query()
        return reverse("home:worklist") + (f"?{q}" if q else "")


@dataclass
class Worklist:
    items: list[Item]
    filters: Filters
    # Choices of the filter form: the perangkat daerah and units that have rows (before filtering).
    pds: list[tuple[int, str]] = field(default_factory=list)
    units: list[tuple[int, str]] = field(default_factory=list)
    by_source: dict[str, int] = field(default_factory=dict)  # overdue rows per source (before filtering)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)


def _pd_id(path: str | None) -> int | None:
    """The perangkat daerah's id from a unit's path ("root.pd.unit…"); None for the pemda itself."""
    if not path:
        return None
    parts = [p for p in path.split(".") if p]
    return int(parts[1]) if len(parts) >= 2 else None


def worklist(*, user, filters: Filters | None = None) -> Worklist:
    """The rows `user` may see, filtered and sorted. A constant number of queries."""
    filters = filters or Filters()
    now = timezone.now()
    today = timezone.localdate(now)
    calendars: dict[int, Calendar] = {}  # each pemda's working days, read once (ADR 0005)
    raw: list[tuple[dict, str | None]] = []  # (item fields, unit path)

    for f in followup_list(user=user, filters={"overdue": filters.overdue_only}).filter(
        status__in=OPEN_STATES
    ):
        ct = f.source_type
        key = f"{ct.app_label}.{ct.model}"
        late = f.due < today
        calendar = calendars.get(f.unit.root_id) or calendars.setdefault(
            f.unit.root_id, pemda_calendar(f.unit.root_id)
        )
        raw.append(
            (
                {
                    "kind": "followup",
                    "source": key if key in SOURCES else "organisations.unit",
                    "title": f.title,
                    "url": f.get_absolute_url(),
                    "unit_id": f.unit_id,
                    "unit_name": f.unit.name,
                    "due": f.due,
                    "overdue": late,
                    "days_late": calendar.working_days_between(f.due, today) if late else 0,
                    "days_left": calendar.working_days_between(today, f.due),
                    "status": f.get_status_display(),
                },
                f.unit.path,
            )
        )

    for c in complaint_facts.open_deadlines(handled_scope(user), now=now):
        if filters.overdue_only and not c.past:
            continue
        raw.append(
            (
                {
                    "kind": "complaint",
                    "source": COMPLAINT_DEADLINE,
                    "title": _("Pengaduan #%(n)s: %(step)s")
                    % {"n": c.complaint_id, "step": c.deadline_label},
                    "url": reverse("complaints:detail", args=[c.complaint_id]),
                    "unit_id": c.unit_id,
                    "unit_name": "",
                    "due": timezone.localtime(c.due).date(),
                    "overdue": c.past,
                    "days_late": c.days_late,
                    "days_left": c.days_left,
                    "status": "",
                },
                c.unit_path,
            )
        )

    ids = {i for fields, path in raw for i in (fields["unit_id"], _pd_id(path)) if i}
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    triage = _("Triase pemda (belum ada unit penanganan)")
    items = []
    for fields, path in raw:
        pd = _pd_id(path)
        fields["unit_name"] = fields["unit_name"] or names.get(fields["unit_id"], triage)
        items.append(Item(**fields, pd_id=pd, pd_name=names.get(pd, fields["unit_name"]) if pd else ""))

    out = Worklist(items=[], filters=filters)
    out.pds = sorted({(i.pd_id, i.pd_name) for i in items if i.pd_id}, key=lambda p: p[1].lower())
    out.units = sorted({(i.unit_id, i.unit_name) for i in items if i.unit_id}, key=lambda p: p[1].lower())
    for i in items:
        if i.overdue:
            out.by_source[i.source] = out.by_source.get(i.source, 0) + 1
    out.items = [
        i
        for i in items
        if (not filters.source or i.source == filters.source)
        and (not filters.pd or i.pd_id == filters.pd)
        and (not filters.unit or i.unit_id == filters.unit)
    ]
    if filters.sort == "tenggat":
        out.items.sort(key=lambda i: (i.due, i.unit_name.lower()))
    elif filters.sort == "unit":
        out.items.sort(key=lambda i: (i.pd_name.lower(), i.unit_name.lower(), -i.days_late, i.due))
    else:
        out.items.sort(key=lambda i: (-i.days_late, not i.overdue, i.due, i.unit_name.lower()))
    return out
