"""Walk the URL conf with real ids: shared by the confidentiality crawl, the no-write-on-GET test and the fuzz test.

`world()` loads the Kota Denpasar demo (every demo role) and three complaints carrying unique markers;
`urls_for(world)` turns every pattern of the URL conf into concrete URLs with the ids of seeded objects.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver

DEMO_ROLES = [
    "admin.pemda",
    "operator.pkm1",
    "operator.pkm2",
    "operator.capil",
    "pimpinan",
    "monev",
    "pengaduan",
]
SKIP_PREFIXES = ("admin/",)  # Django's admin: superusers only, not a demo role


@dataclass
class Route:
    route: str  # "pengaduan-staf/<int:pk>/"
    name: str  # "complaints:detail"
    params: list[str]


def routes() -> list[Route]:
    out: list[Route] = []

    def walk(patterns, prefix, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith(SKIP_PREFIXES) or route.startswith("^"):
                    continue
                name = f"{ns}:{p.name}" if ns else str(p.name)
                out.append(Route(route, name, re.findall(r"<(?:\w+:)?(\w+)>", route)))

    walk(get_resolver().url_patterns, "", None)
    return out


# --- the seeded world ------------------------------------------------------------------------------------------


@dataclass
class Marked:
    """A complaint with unique markers."""

    complaint: object
    identity: list[str]
    text: list[str]  # what the reporter wrote and the public reply: handlers and the reporter
    internal: list[str]  # internal note: handlers only
    attachment: object = None

    @property
    def code_forms(self) -> list[str]:
        code = self.complaint.code
        return [code, code.replace("-", "")]


@dataclass
class World:
    users: dict
    complaints: list[Marked]
    ids: SimpleNamespace = field(default_factory=SimpleNamespace)
    media: str = ""


def _marked(privacy: str, reported_unit, actor, *, consent=False) -> Marked:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sewaka.complaints.models import Complaint
    from sewaka.complaints.services import citizen_add_information, complaint_message, complaint_submit

    tag = privacy.upper()
    identity = {
        "reporter_name": f"Zq{tag}nama Wirawan",
        "reporter_phone": f"0812{len(tag)}7391{len(tag)}55",
        "reporter_email": f"zq{privacy}@contoh.test",
        "reporter_nik": f"51710{len(tag)}0000987654"[:16],
        "reporter_address": f"Jl. Zq{tag}alamat No. 3",
    }
    pdf = SimpleUploadedFile(f"ZQ{tag}BERKAS.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    complaint, _new = complaint_submit(
        what_happened=f"Petugas loket ZQ{tag}TEKS meminta imbalan.",
        idempotency_key=str(uuid.uuid4()),
        privacy=privacy,
        reported_unit=reported_unit,
        consent_share_identity=consent,
        attachments=[pdf],
        **identity,
    )
    complaint_message(
        complaint=complaint, actor=actor, text=f"Balasan ZQ{tag}BALAS untuk pelapor.", public=True
    )
    complaint_message(complaint=complaint, actor=actor, text=f"Catatan ZQ{tag}INTERNAL.", public=False)
    citizen_add_information(complaint=complaint, text=f"Tambahan ZQ{tag}WARGA.")
    if privacy == "anonim":
        identity = {"reporter_email": identity["reporter_email"]}  # the only identity an anonim case keeps
    from sewaka.core.models import Attachment

    attachment = Attachment.objects.filter(owner_id=str(complaint.pk), original_name__startswith="ZQ").first()
    return Marked(
        complaint=Complaint.objects.get(pk=complaint.pk),
        identity=[v for v in identity.values() if v],
        text=[f"ZQ{tag}TEKS", f"ZQ{tag}BALAS", f"ZQ{tag}WARGA", f"ZQ{tag}BERKAS"],
        internal=[f"ZQ{tag}INTERNAL"],
        attachment=attachment,
    )


def build_world() -> World:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone

    from sewaka.organisations.models import Unit

    with override_settings(SEWAKA_DEMO_USERS=True):
        call_command("seeddemo", verbosity=0)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_ROLES)}
    admin = users["admin.pemda"]
    capil = Unit.objects.get(code="disdukcapil")
    pkm1 = Unit.objects.get(code="pkm-1-denbar")
    marked = [
        _marked("biasa", pkm1, admin),
        _marked("rahasia", capil, admin),  # the reported unit has a complaint desk; no consent
        _marked("anonim", capil, admin),
    ]
    # A corrective follow-up from the rahasia case, owned by the reported unit.
    from sewaka.complaints.services import complaint_substantiate

    complaint_substantiate(
        complaint=marked[1].complaint,
        actor=admin,
        forms=["tidak_patut"],
        corrective_actions=[
            ("Tertibkan loket KTP", users["operator.capil"], timezone.localdate() + timedelta(days=20))
        ],
    )
    world = World(users=users, complaints=marked)
    world.ids = _ids(world)
    return world


def _first(qs, attr="pk", default=1):
    obj = qs.first()
    return getattr(obj, attr) if obj is not None else default


def _ids(world: World) -> dict:
    from sewaka.assessments.models import Assessment, AssessmentEvidence, InstrumentVersion, OfficialResult
    from sewaka.consultations.models import Forum
    from sewaka.core.models import Attachment
    from sewaka.followups.models import FollowUp
    from sewaka.organisations.models import Membership
    from sewaka.standards.models import ServiceStandard
    from sewaka.surveys.models import Kiosk, Response, SurveyImport, SurveyPeriod

    standard = (
        ServiceStandard.objects.select_related("service__unit").filter(status="published").first()
        or ServiceStandard.objects.select_related("service__unit").first()
    )
    service = standard.service
    unit = service.unit
    period = SurveyPeriod.objects.filter(unit=unit).order_by("-pk").first() or SurveyPeriod.objects.first()
    published = (
        SurveyPeriod.objects.filter(published_at__isnull=False).select_related("unit").first() or period
    )
    forum = Forum.objects.order_by("pk").first()
    assessment = Assessment.objects.order_by("pk").first()
    from sewaka.events.models import CoordinationEvent
    from sewaka.innovations.models import Innovation, InnovationFile
    from sewaka.obligations.models import Obligation

    shown = Innovation.objects.filter(published=True, files__kind="photo").order_by("pk").first()
    files = InnovationFile.objects.filter(innovation=shown).values_list("pk", flat=True) if shown else []
    innovation_files = [
        str(a)
        for a in Attachment.objects.filter(
            owner_type__app_label="innovations",
            owner_type__model="innovationfile",
            owner_id__in=[str(f) for f in files],
        ).values_list("pk", flat=True)
    ]
    return SimpleNamespace(
        innovation_slug=shown.slug if shown else "x",
        innovation_files=innovation_files or [str(uuid.uuid4())],
        unit=unit,
        service=service,
        standard=standard,
        period=period,
        published=published,
        response=_first(Response.objects.filter(period=period)),
        survey_import=_first(SurveyImport.objects.all()),
        kiosk=_first(Kiosk.objects.all()),
        forum=forum,
        event=CoordinationEvent.objects.order_by("pk").first(),
        obligation=_first(Obligation.objects.all()),
        participant=_first(forum.participants.all()) if forum else 1,
        assessment=assessment,
        evidence=_first(AssessmentEvidence.objects.all()),
        official=_first(OfficialResult.objects.all()),
        instrument=_first(InstrumentVersion.objects.all(), "code", "x"),
        followups=list(FollowUp.objects.order_by("-pk").values_list("pk", flat=True)[:3]),
        membership=_first(Membership.objects.all()),
        user=world.users["operator.pkm1"].pk,
        attachments=[
            str(a) for a in Attachment.objects.order_by("created_at").values_list("pk", flat=True)[:2]
        ]
        + [str(m.attachment.pk) for m in world.complaints if m.attachment],
    )


def urls_for(route: Route, world: World) -> list[str]:
    """Concrete URLs for `route`: usually one; complaint and follow-up pages once per seeded case."""
    ids = world.ids
    r = route.route
    if not route.params:
        return ["/" + r]
    choices: dict[str, list] = {}
    for p in route.params:
        if p == "pk":
            choices[p] = _pk_for(r, ids, world)
        elif p == "unit_pk":
            choices[p] = [ids.unit.pk]
        elif p == "service_pk":
            choices[p] = [ids.service.pk]
        elif p == "kiosk_pk":
            choices[p] = [ids.kiosk]
        elif p == "invitation_pk":
            choices[p] = [_first(ids.event.invitations.all()) if ids.event else 1]
        elif p == "participant_pk":
            choices[p] = [ids.participant]
        elif p == "evidence_pk":
            choices[p] = [ids.evidence]
        elif p == "period_pk":
            choices[p] = [ids.published.pk]
        elif p == "year":
            from django.utils import timezone

            choices[p] = [timezone.localdate().year]
        elif p == "code":
            if r.startswith("open311/"):
                choices[p] = [ids.unit.code, f"{ids.service.unit.code}.{ids.service.slug}"]
            elif r.startswith("pengaduan/lacak/"):
                choices[p] = [m.complaint.code for m in world.complaints]
            elif r.startswith("penilaian/instrumen/"):
                choices[p] = [ids.instrument]
            elif r.startswith("s/") and "hasil/<int:period_pk>" in r:
                choices[p] = [ids.published.unit.code]
            else:
                choices[p] = [ids.unit.code]
        elif p == "slug" and r.startswith("data/"):
            choices[p] = ["hasil-skm", "statistik-pengaduan"]
        elif p == "fmt" and r.startswith("open311/"):
            choices[p] = ["json", "xml"]
        elif p == "fmt":
            choices[p] = ["csv", "xlsx", "json"]
        elif p in ("request_id", "token") and r.startswith("open311/"):
            choices[p] = [m.complaint.public_id for m in world.complaints]

        elif p == "slug" and r.startswith("inovasi/"):
            choices[p] = [ids.innovation_slug]
        elif p in ("slug", "service_slug"):
            choices[p] = [ids.service.slug]
        elif p == "token":
            if r.startswith("pengaduan/"):
                choices[p] = [_reporter_token(r, m.complaint) for m in world.complaints]
            elif r.startswith("hadir-rapat/"):
                choices[p] = [str(ids.event.checkin_token) if ids.event else "x"]
            else:
                choices[p] = [str(ids.forum.checkin_token) if r.startswith("hadir/") and ids.forum else "x"]
        elif p == "to":
            choices[p] = ["diverifikasi" if r.startswith("pengaduan-staf/") else "dibahas"]
        elif p == "action":
            choices[p] = ["catatan"]
        elif p == "size":
            choices[p] = ["a4"]
        elif p == "kind":
            choices[p] = ["png"]
        elif p == "document":
            choices[p] = ["laporan.pdf"]
        elif p == "indicator":
            choices[p] = ["1"]
        elif p == "uidb64":
            choices[p] = ["MQ"]
        else:
            choices[p] = ["1"]
    urls = [r]
    for p, values in choices.items():
        urls = [re.sub(rf"<(?:\w+:)?{p}>", str(v), u, count=1) for u in urls for v in values]
    return ["/" + u for u in urls]


_TOKENS: dict[tuple[str, int], str] = {}


def _reporter_token(route: str, complaint) -> str:
    """The token that opens a reporter's own page (status or feedback link), when the app has one.
    Made once per complaint (a signed token carries a timestamp)."""
    kind = "tanggapan" if "tanggapan" in route else "status"
    key = (kind, complaint.pk)
    if key not in _TOKENS:
        try:
            from sewaka.complaints import tokens
        except ImportError:
            return complaint.code
        _TOKENS[key] = (
            tokens.feedback_token(complaint, satisfied=True)
            if kind == "tanggapan"
            else tokens.status_token(complaint)
        )
    return _TOKENS[key]


def own_page(url: str, complaint) -> bool:
    """Is `url` the reporter's own page of `complaint` (reached with its code or a token made from it)?"""
    if not url.startswith("/pengaduan/") or url.startswith("/pengaduan-staf/"):
        return False
    if f"/{complaint.code}/" in url:
        return True
    for route in ("pengaduan/status/", "pengaduan/tanggapan/"):
        if url.startswith("/" + route) and _reporter_token(route, complaint) in url:
            return True
    return False


def _pk_for(r: str, ids, world: World) -> list:
    if r.startswith("berkas/"):
        return ids.attachments
    if r.startswith("inovasi/"):  # the public gallery's photo of the published innovation, and the SK
        return ids.innovation_files
    if r.startswith("akun/pengguna/"):
        return [ids.user]
    if r.startswith("unit/anggota/"):
        return [ids.membership]
    if r.startswith("unit/"):
        return [ids.unit.pk]
    if r.startswith("tindak-lanjut/"):
        return ids.followups or [1]
    if r.startswith("skm/periode/"):
        return [ids.period.pk]
    if r.startswith("skm/jawaban/"):
        return [ids.response]
    if r.startswith("skm/impor/"):
        return [ids.survey_import]
    if r.startswith("standar/"):
        return [ids.standard.pk]
    if r.startswith(("fkp/", "fkp-publik/")):
        return [ids.forum.pk if ids.forum else 1]
    if r.startswith("pengaduan-staf/"):
        return [m.complaint.pk for m in world.complaints]
    if r.startswith("kewajiban/aturan/"):
        return [ids.obligation]
    if r.startswith("kewajiban/unit/"):
        return [ids.unit.pk]
    if r.startswith("koordinasi/"):
        return [ids.event.pk if ids.event else 1]
    if r.startswith("penilaian/hasil-resmi/"):
        return [ids.official]
    if r.startswith("penilaian/"):
        return [ids.assessment.pk if ids.assessment else 1]
    return [1]


def all_urls(world: World) -> list[tuple[Route, str]]:
    return [(route, url) for route in routes() for url in urls_for(route, world)]


# --- reading responses -------------------------------------------------------------------------------------------


def body_text(response) -> str:
    """Every text a response carries: headers, HTML/JSON/CSV, XLSX cells, PDF text."""
    ctype = response.get("Content-Type", "")
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in ctype or data[:2] == b"PK":
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                return headers + " ".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    if "pdf" in ctype or data[:5] == b"%PDF-":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            out = subprocess.run(["pdftotext", "-q", f.name, "-"], capture_output=True, check=False)
        return headers + out.stdout.decode("utf-8", "replace") + data.decode("latin-1")
    return headers + data.decode("utf-8", "replace")


class FormParser(HTMLParser):
    """Forms (method, action, field names) and query parameter names of same-site links."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None and a.get("name"):
            kind = (a.get("type") or tag).lower()
            self._form["fields"].setdefault(a["name"], (kind, a.get("value") or ""))
        elif tag == "a" and a.get("href", "").startswith(("/", "?")):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse_forms(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser
