"""The open datasets (issue 19 item 1): what each holds, its columns and a builder returning rows.

No HTTP here: `build(slug)` → `Table` (columns + rows of plain values + when the data last changed + the
period it covers). The catalogue page, the downloads and the later API read these. Every builder reads other
apps through their public facts/selectors modules, in a constant number of queries whatever the data size.

Complaint statistics are counts only; any count from 1 to 4 is suppressed (`None`: an empty cell, `null`
in JSON) and, where a single cell of a group (channels, statuses) was suppressed, the next smallest non-zero
cell of that group too, so it cannot be recovered by subtraction from the total. Zero is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.complaints import facts as complaint_facts
from sewaka.consultations import facts as forum_facts
from sewaka.innovations import facts as innovation_facts
from sewaka.organisations.models import Unit
from sewaka.standards import selectors as standard_selectors
from sewaka.standards.components import DELIVERY
from sewaka.surveys import facts as survey_facts

TEXT, INT, DECIMAL, DATE = "text", "integer", "decimal", "date"
SUPPRESS_BELOW = 5
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    key: str  # stable, the CSV/JSON header
    label: str  # Indonesian, the XLSX header
    meaning: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[tuple]
    modified: datetime | None  # when the data last changed (None: no data)
    coverage: tuple[date, date] | None  # the period the rows cover


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    frequency: str  # human, Indonesian
    accrual: str  # machine: an ISO 8601 duration (dct:accrualPeriodicity-like)
    keywords: tuple[str, ...]
    builder: Callable[[], Table]

    def build(self) -> Table:
        return self.builder()


def _latest(*stamps) -> datetime | None:
    present = [s for s in stamps if s is not None]
    return max(present) if present else None


def _coverage(pairs) -> tuple[date, date] | None:
    pairs = list(pairs)
    if not pairs:
        return None
    return min(p[0] for p in pairs), max(p[1] for p in pairs)


def _units() -> dict[int, tuple[str, str]]:
    return {pk: (code, name) for pk, code, name in Unit.objects.values_list("pk", "code", "name")}


# --- 1. SKM results -----------------------------------------------------------------------------------


def _skm_columns() -> tuple[Column, ...]:
    base = (
        Column("kode_unit", _("Kode unit"), _("Kode unit penyelenggara layanan di Sewaka.")),
        Column("nama_unit", _("Nama unit"), _("Nama unit penyelenggara layanan.")),
        Column("periode", _("Periode"), _("Nama periode survei.")),
        Column("mulai", _("Mulai"), _("Tanggal awal periode (ISO 8601)."), DATE),
        Column("selesai", _("Selesai"), _("Tanggal akhir periode (ISO 8601)."), DATE),
        Column("ikm", _("IKM"), _("Indeks Kepuasan Masyarakat, skala 25–100, dua desimal."), DECIMAL),
        Column("mutu", _("Mutu"), _("Mutu pelayanan A–D (PermenPANRB 14/2017).")),
    )
    unsur = tuple(
        Column(
            f"nrr_{key}",
            _("NRR %(label)s") % {"label": label},
            _("Nilai unsur %(label)s dikonversi ke skala IKM (25–100), dua desimal.") % {"label": label},
            DECIMAL,
        )
        for key, label in survey_facts.UNSUR_LABELS.items()
    )
    tail = (
        Column("responden", _("Responden"), _("Jumlah responden yang dihitung."), INT),
        Column(
            "target_sampel",
            _("Target sampel"),
            _(
                "Sampel minimal Krejcie–Morgan dari populasi pengguna layanan; kosong bila populasi tidak dicatat."
            ),
            INT,
        ),
        Column("dipublikasikan", _("Dipublikasikan"), _("Tanggal hasil dipublikasikan."), DATE),
    )
    return base + unsur + tail


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO)


def skm_results() -> Table:
    periods = survey_facts.published_periods()
    rows = []
    for p in periods:
        r = p.result
        rows.append(
            (
                p.unit_code,
                p.unit_name,
                p.name,
                p.start,
                p.end,
                _dec(r.ikm),
                r.mutu or "",
                *(_dec(u.equiv_text) if u.equiv_text else None for u in r.unsur),
                r.respondents,
                p.target,
                timezone.localtime(p.published_at).date(),
            )
        )
    return Table(
        _skm_columns(),
        rows,
        _latest(*(max(p.published_at, p.updated_at) for p in periods)),
        _coverage((p.start, p.end) for p in periods),
    )


# --- 2. Service catalogue -----------------------------------------------------------------------------


def services() -> Table:
    standards = standard_selectors.published_standards()
    columns = (
        Column("kode_unit", _("Kode unit"), _("Kode unit penyelenggara layanan di Sewaka.")),
        Column("nama_unit", _("Nama unit"), _("Nama unit penyelenggara layanan.")),
        Column("layanan", _("Layanan"), _("Nama jenis layanan.")),
        Column(
            "kode_layanan",
            _("Kode layanan"),
            _("Alamat singkat layanan di katalog (/layanan/<unit>/<kode>/)."),
        ),
        Column("versi_standar", _("Versi standar"), _("Nomor versi standar pelayanan yang berlaku."), INT),
        Column("nomor_keputusan", _("Nomor keputusan"), _("Nomor keputusan penetapan standar pelayanan.")),
        Column("tanggal_keputusan", _("Tanggal keputusan"), _("Tanggal keputusan penetapan."), DATE),
        *(Column(c.key, c.label, c.plain) for c in DELIVERY),
    )
    rows = [
        (
            s.unit_code,
            s.unit_name,
            s.service_name,
            s.service_slug,
            s.version,
            s.decree_number,
            s.decree_date,
            *(s.components.get(c.key, "") for c in DELIVERY),
        )
        for s in standards
    ]
    return Table(columns, rows, _latest(*(s.updated_at for s in standards)), None)


# --- 3. Complaint statistics --------------------------------------------------------------------------


def _suppress(values: list[int]) -> list[int | None]:
    """Primary suppression of 1–4, then, in a group with one suppressed cell, the next smallest non-zero."""
    out: list[int | None] = [None if 0 < v < SUPPRESS_BELOW else v for v in values]
    if sum(v is None for v in out) == 1:
        rest = [(v, i) for i, v in enumerate(out) if v]
        if rest:
            out[min(rest)[1]] = None
    return out


def complaint_stats() -> Table:
    months = complaint_facts.monthly()
    units = _units()
    channels, statuses = complaint_facts.CHANNELS, complaint_facts.STATUSES
    columns = (
        Column(
            "kode_unit",
            _("Kode unit"),
            _("Kode unit yang menangani pengaduan (atau yang menerimanya bila belum didisposisikan)."),
        ),
        Column("nama_unit", _("Nama unit"), _("Nama unit tersebut.")),
        Column(
            "bulan", _("Bulan"), _("Bulan pengaduan diterima: tanggal 1 bulan tersebut (ISO 8601)."), DATE
        ),
        Column("diterima", _("Diterima"), _("Jumlah pengaduan diterima dalam bulan itu."), INT),
        *(
            Column(
                f"saluran_{value}",
                _("Saluran: %(label)s") % {"label": label},
                _("Jumlah pengaduan melalui saluran ini."),
                INT,
            )
            for value, label in channels
        ),
        *(
            Column(
                f"status_{value}",
                _("Status: %(label)s") % {"label": label},
                _("Jumlah pengaduan yang kini berstatus ini."),
                INT,
            )
            for value, label in statuses
        ),
        Column("dijawab", _("Dijawab"), _("Jumlah pengaduan yang sudah dijawab."), INT),
        Column(
            "dijawab_tepat_waktu",
            _("Dijawab tepat waktu"),
            _("Jumlah pengaduan dijawab tanpa melewati batas waktu penanganan."),
            INT,
        ),
        Column(
            "catatan",
            _("Catatan"),
            _(
                "Angka 1–4 disembunyikan (sel kosong) agar pelapor tidak dapat dikenali; bila hanya satu angka dalam satu kelompok disembunyikan, angka terkecil berikutnya ikut disembunyikan."
            ),
        ),
    )
    rows = []
    for m in months:
        code, name = units.get(m.unit_id, ("", ""))
        received = _suppress([m.received])
        by_channel = _suppress([m.by_channel.get(v, 0) for v, _label in channels])
        by_status = _suppress([m.by_status.get(v, 0) for v, _label in statuses])
        answered = _suppress([m.answered, m.answered_within_deadline])
        cells = [*received, *by_channel, *by_status, *answered]
        note = str(_("Angka 1–4 disembunyikan")) if any(c is None for c in cells) else ""
        rows.append((code, name, m.month, *cells, note))
    now = timezone.now()
    return Table(columns, rows, now if months else None, _coverage((m.month, m.month) for m in months))


# --- 4. FKP summaries ---------------------------------------------------------------------------------


def forums() -> Table:
    held = forum_facts.held_forums()
    units = _units()
    categories = forum_facts.PARTICIPANT_CATEGORIES
    columns = (
        Column("kode_unit", _("Kode unit"), _("Kode unit penyelenggara forum.")),
        Column("nama_unit", _("Nama unit"), _("Nama unit penyelenggara forum.")),
        Column("tanggal", _("Tanggal"), _("Tanggal forum (ISO 8601)."), DATE),
        Column("topik", _("Topik"), _("Topik forum konsultasi publik.")),
        Column("peserta_hadir", _("Peserta hadir"), _("Jumlah peserta yang hadir (tanpa nama)."), INT),
        *(
            Column(
                f"peserta_{value}",
                _("Peserta: %(label)s") % {"label": label},
                _("Peserta hadir dari unsur masyarakat ini."),
                INT,
            )
            for value, label in categories
        ),
        Column("kesepakatan", _("Kesepakatan"), _("Jumlah kesepakatan yang dicatat."), INT),
    )
    rows = [
        (
            *units.get(f.unit_id, ("", "")),
            f.date,
            f.topic,
            sum(f.attended_by_category.values()),
            *(f.attended_by_category.get(v, 0) for v, _label in categories),
            f.agreements,
        )
        for f in held
    ]
    return Table(
        columns,
        rows,
        _latest(*(f.updated_at for f in held)),
        _coverage((f.date, f.date) for f in held),
    )


# --- 5. Innovations -----------------------------------------------------------------------------------


def innovations() -> Table:
    items = innovation_facts.published()
    columns = (
        Column("kode_unit", _("Kode unit"), _("Kode unit pemilik inovasi.")),
        Column("nama_unit", _("Nama unit"), _("Nama unit pemilik inovasi.")),
        Column("nama", _("Nama inovasi"), _("Nama inovasi.")),
        Column("kode", _("Kode"), _("Alamat singkat inovasi di galeri.")),
        Column(
            "tahap", _("Tahap"), _("Tahap inovasi: gagasan, uji coba, implementasi, direplikasi, dihentikan.")
        ),
        Column("mulai_diterapkan", _("Mulai diterapkan"), _("Tanggal inovasi mulai diterapkan."), DATE),
        Column("tujuan", _("Tujuan"), _("Tujuan inovasi seperti tampil di galeri.")),
    )
    rows = [(i.unit_code, i.unit_name, i.name, i.slug, i.stage_label, i.started_on, i.goal) for i in items]
    return Table(columns, rows, _latest(*(i.updated_at for i in items)), None)


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "hasil-skm",
            _("Hasil Survei Kepuasan Masyarakat"),
            _(
                "Hasil SKM yang telah dipublikasikan per unit dan periode: IKM, mutu, nilai per unsur pada skala IKM, jumlah responden dan target sampel (PermenPANRB 14/2017). Periode yang belum dipublikasikan tidak dimuat."
            ),
            _("Setiap periode survei (umumnya per semester atau triwulan)"),
            "P3M",
            ("SKM", "IKM", "kepuasan masyarakat", "pelayanan publik"),
            skm_results,
        ),
        Dataset(
            "layanan",
            _("Katalog layanan dan standar pelayanan"),
            _(
                "Layanan aktif dengan standar pelayanan yang dipublikasikan, beserta komponen untuk publik: persyaratan, prosedur, jangka waktu, biaya, produk dan penanganan pengaduan."
            ),
            _("Setiap kali standar pelayanan dipublikasikan"),
            "P1M",
            ("standar pelayanan", "layanan publik", "persyaratan", "biaya"),
            services,
        ),
        Dataset(
            "statistik-pengaduan",
            _("Statistik pengaduan"),
            _(
                "Jumlah pengaduan per unit penanganan dan bulan: menurut saluran, status dan ketepatan waktu jawaban. Tanpa data pribadi dan tanpa isi pengaduan. Angka 1–4 disembunyikan (sel kosong) agar pelapor tidak dapat dikenali; bila dalam satu kelompok (saluran atau status) hanya satu angka disembunyikan, angka terkecil berikutnya ikut disembunyikan."
            ),
            _("Harian"),
            "P1D",
            ("pengaduan", "SP4N-LAPOR!", "pelayanan publik"),
            complaint_stats,
        ),
        Dataset(
            "forum-konsultasi-publik",
            _("Forum Konsultasi Publik"),
            _(
                "Forum Konsultasi Publik yang telah dilaksanakan: unit, tanggal, topik, jumlah peserta hadir per unsur masyarakat (tanpa nama) dan jumlah kesepakatan (PermenPANRB 16/2017)."
            ),
            _("Setiap kali forum dilaksanakan"),
            "P1M",
            ("FKP", "konsultasi publik", "partisipasi masyarakat"),
            forums,
        ),
        Dataset(
            "inovasi",
            _("Inovasi pelayanan publik"),
            _(
                "Inovasi pelayanan publik yang tampil di galeri publik: unit, nama, tahap, tanggal mulai diterapkan dan tujuan."
            ),
            _("Setiap kali inovasi dipublikasikan"),
            "P1M",
            ("inovasi", "KIPP", "pelayanan publik"),
            innovations,
        ),
    )
}
