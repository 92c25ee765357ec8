"""Request and response shapes of the API (v1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

MAX_LIMIT = 100
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]  # PostgreSQL rejects NUL


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Jumlah baris per halaman (maks. 100).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Baris pertama yang diambil.")


class UnitFilter(PageQuery):
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="ID unit: hanya unit ini dan di bawahnya.")


class DateFilter(UnitFilter):
    start: date | None = Field(None, description="Dari tanggal (ISO 8601).")
    end: date | None = Field(None, description="Sampai tanggal (ISO 8601).")


class PeriodFilter(DateFilter):
    status: str | None = Field(None, max_length=20)


class StatusFilter(DateFilter):
    status: str | None = Field(None, max_length=30)


class DatasetColumn(Schema):
    key: str
    label: str
    description: str
    type: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    frequency: str
    columns: list[DatasetColumn]


class DatasetRows(Schema):
    slug: str
    count: int
    limit: int
    offset: int
    results: list[dict[str, Any]]


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    home_agency_id: int | None
    is_active: bool


class UnitPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[UnitOut]


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    token_name: str
    token_expires_at: datetime


class PeriodOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    name: str
    kind: str
    start: date
    end: date
    status: str
    published_at: datetime | None
    respondents: int


class PeriodPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[PeriodOut]


class UnsurOut(Schema):
    key: str
    label: str
    nrr: float | None
    ikm_scale: float | None


class PeriodResultOut(PeriodOut):
    ikm: float | None
    mutu: str
    target_sample: int
    excluded: int
    flagged: int
    unsur: list[UnsurOut]


class ResponseOut(Schema):
    id: int
    uid: str
    period_id: int
    service_id: int | None
    submitted_at: datetime
    source: str
    answers: dict[str, int | None]
    gender: str
    age: int | None
    education: str
    occupation: str
    why: dict[str, Any]
    suggestion: str
    is_included: bool
    is_flagged: bool


class ResponsePage(Schema):
    count: int
    limit: int
    offset: int
    results: list[ResponseOut]


class ResponseIn(Schema):
    answers: dict[Annotated[str, StringConstraints(max_length=40)], int | None] = Field(
        description="Jawaban per unsur (kunci: persyaratan, prosedur, waktu, biaya, produk, kompetensi, perilaku, sarana, pengaduan), nilai 1–4 atau null."
    )
    service_id: int | None = Field(None, ge=1, le=2**31 - 1)
    gender: Text = Field("", max_length=1)
    age: int | None = Field(None, ge=0, le=150)
    education: Text = Field("", max_length=10)
    occupation: Text = Field("", max_length=12)
    suggestion: Text = Field("", max_length=5000)
    kiosk_id: int | None = Field(None, ge=1, le=2**31 - 1)
    duration_seconds: int | None = Field(None, ge=0, le=86400)


class ResponseCreated(Schema):
    id: int
    uid: str
    created: bool


class FollowUpOut(Schema):
    id: int
    unit_id: int
    title: str
    description: str
    status: str
    due: date
    owner: str
    done_at: datetime | None
    verified_at: datetime | None
    next_steps: list[str]


class FollowUpPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[FollowUpOut]


class TransitionIn(Schema):
    to: Text = Field(max_length=30)
    note: Text = Field("", max_length=5000)


class EvidenceOut(Schema):
    id: str
    name: str
    size: int
    mime: str


class Reporter(Schema):
    name: str
    nik: str
    phone: str
    email: str
    address: str


class ComplaintOut(Schema):
    id: int
    code: str
    channel: str
    privacy: str
    status: str
    received_at: datetime
    handling_unit_id: int | None
    reported_unit_id: int | None
    service_id: int | None
    what_happened: str
    request: str
    identity_visible: bool
    reporter: Reporter | None


class ComplaintPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[ComplaintOut]


class StandardOut(Schema):
    id: int
    service_id: int
    service_name: str
    version: int
    status: str
    decree_number: str
    decree_date: date | None
    components: dict[str, str]


class StandardPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[StandardOut]
