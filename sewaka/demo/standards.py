"""Demo standards for Kota Denpasar: complete and published ones, an incomplete draft, an overdue review."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sewaka.organisations.models import Service, Unit
from sewaka.standards.models import DEFAULT_MAKLUMAT, Maklumat, ServiceStandard
from sewaka.standards.services import (
    COMPONENT_FIELDS,
    maklumat_save,
    maklumat_transition,
    standard_new_version,
    standard_transition,
    standard_update,
)
from sewaka.standards.transitions import MaklumatStatus, Status

BASE = {
    "jangka_waktu_unit": "hari_kerja",
    "biaya_gratis": True,
    "biaya": [],
    "pengaduan": [
        {"channel": "Loket pengaduan", "contact": "Lantai 1"},
        {"channel": "WhatsApp", "contact": "0811-3800-112"},
        {"channel": "SP4N-LAPOR!", "contact": "lapor.go.id"},
    ],
    "sarana": "Ruang tunggu ber-AC, kursi prioritas, toilet ramah disabilitas, nomor antrean",
    "pengawasan": "Kepala bidang melakukan pengawasan harian dan rapat evaluasi bulanan",
    "jaminan_pelayanan": "Pelayanan sesuai standar ini dan maklumat pelayanan",
    "jaminan_keamanan": "Data pemohon dijaga kerahasiaannya; ruang pelayanan dilengkapi CCTV dan APAR",
    "evaluasi_kinerja": "Evaluasi kinerja pelaksana setiap bulan dan hasil SKM setiap triwulan",
}
STANDARDS = {
    ("disdukcapil", "Penerbitan KTP-el"): {
        "persyaratan": [
            {"document": "Kartu Keluarga", "note": "fotokopi", "copy": "fotokopi", "issuer": "Disdukcapil"},
            {
                "document": "Surat pengantar desa/kelurahan",
                "note": "bila alamat berubah",
                "copy": "asli",
                "issuer": "Desa/kelurahan",
            },
        ],
        "prosedur": [
            {"step": "Ambil nomor antrean", "actor": "Pemohon", "time": "1 menit"},
            {"step": "Verifikasi berkas", "actor": "Petugas loket", "time": "5 menit"},
            {"step": "Perekaman biometrik", "actor": "Operator perekaman", "time": "10 menit"},
            {"step": "Pencetakan dan penyerahan KTP-el", "actor": "Petugas cetak", "time": "15 menit"},
        ],
        "jangka_waktu_value": 1,
        "produk": "KTP-el",
        "dasar_hukum": ["UU 24/2013 tentang Administrasi Kependudukan", "Perpres 96/2018"],
        "kompetensi": "Memahami SIAK dan pelayanan prima",
        "jumlah_pelaksana": 8,
    },
    ("disdukcapil", "Penerbitan Kartu Keluarga"): {
        "persyaratan": [
            {"document": "Kartu Keluarga lama", "note": "asli", "copy": "asli", "issuer": "Disdukcapil"},
            {
                "document": "Buku nikah/akta perkawinan",
                "note": "fotokopi",
                "copy": "fotokopi",
                "issuer": "KUA/Disdukcapil",
            },
        ],
        "prosedur": [
            {"step": "Ajukan permohonan di loket atau daring", "actor": "Pemohon", "time": "5 menit"},
            {"step": "Verifikasi dan validasi", "actor": "Petugas", "time": "30 menit"},
            {"step": "Tanda tangan elektronik dan cetak", "actor": "Pejabat", "time": "1 jam"},
        ],
        "jangka_waktu_value": 1,
        "produk": "Kartu Keluarga (cetak/elektronik)",
        "dasar_hukum": ["UU 24/2013", "Permendagri 108/2019"],
        "kompetensi": "Memahami SIAK",
        "jumlah_pelaksana": 6,
    },
    ("dpmptsp", "Nomor Induk Berusaha (NIB)"): {
        "persyaratan": [
            {"document": "KTP-el pemohon", "note": "", "copy": "asli", "issuer": "Disdukcapil"},
            {"document": "NPWP", "note": "", "copy": "fotokopi", "issuer": "DJP"},
        ],
        "prosedur": [
            {"step": "Pendampingan pendaftaran OSS", "actor": "Petugas", "time": "30 menit"},
            {"step": "Penerbitan NIB melalui OSS", "actor": "Sistem OSS", "time": "segera"},
        ],
        "jangka_waktu_value": 1,
        "produk": "Nomor Induk Berusaha",
        "dasar_hukum": ["PP 5/2021"],
        "kompetensi": "Menguasai OSS-RBA",
        "jumlah_pelaksana": 4,
    },
    ("pkm-1-denbar", "Pemeriksaan Umum"): {
        "persyaratan": [
            {"document": "Kartu BPJS Kesehatan atau KTP-el", "note": "", "copy": "asli", "issuer": ""}
        ],
        "prosedur": [
            {"step": "Pendaftaran", "actor": "Petugas pendaftaran", "time": "5 menit"},
            {"step": "Pemeriksaan oleh dokter", "actor": "Dokter", "time": "15 menit"},
            {"step": "Pengambilan obat", "actor": "Petugas farmasi", "time": "10 menit"},
        ],
        "jangka_waktu_value": 30,
        "jangka_waktu_unit": "menit",
        "produk": "Pelayanan pemeriksaan dan resep",
        "dasar_hukum": ["Permenkes 43/2019 tentang Puskesmas"],
        "kompetensi": "Dokter dan perawat bersertifikat",
        "jumlah_pelaksana": 12,
    },
}


def _sk() -> SimpleUploadedFile:
    return SimpleUploadedFile("sk-standar.pdf", b"%PDF-1.4\n% SK penetapan standar pelayanan (demo)\n")


def seed_standards(actor) -> int:
    """Idempotent: creates only what is missing. `actor` is an admin pemda (transitions are audited)."""

    created = 0
    today = timezone.localdate()
    for (unit_code, service_name), components in STANDARDS.items():
        service = Service.objects.filter(unit__code=unit_code, name=service_name).first()
        if service is None or ServiceStandard.objects.filter(service=service).exists():
            continue
        standard = standard_new_version(actor=actor, service=service)
        standard_update(
            actor=actor,
            standard=standard,
            **{k: v for k, v in {**BASE, **components}.items() if k in COMPONENT_FIELDS},
        )
        overdue = service_name == "Nomor Induk Berusaha (NIB)"
        standard_transition(
            actor=actor,
            standard=standard,
            to=Status.DITETAPKAN,
            decree_number=f"188.45/{service.pk}/{today.year}",
            decree_date=today - timedelta(days=430 if overdue else 40),
            signing_official=f"Kepala {service.unit.short_name or service.unit.name}",
            decree_pdf=_sk(),
        )
        standard_transition(actor=actor, standard=standard, to=Status.PUBLISHED)
        created += 1
    incomplete = Service.objects.filter(unit__code="pkm-2-denbar", name="Pemeriksaan Umum").first()
    if incomplete is not None and not ServiceStandard.objects.filter(service=incomplete).exists():
        draft = standard_new_version(actor=actor, service=incomplete)
        standard_update(
            actor=actor,
            standard=draft,
            persyaratan=[{"document": "Kartu BPJS", "note": "", "copy": "", "issuer": ""}],
            prosedur=[{"step": "Pendaftaran", "actor": "", "time": ""}],
            produk="Pemeriksaan",
        )
        created += 1
    for code in ("disdukcapil", "dpmptsp", "pkm-1-denbar"):
        unit = Unit.objects.get(code=code)
        if not Maklumat.objects.filter(unit=unit).exists():
            m = maklumat_save(
                actor=actor,
                unit=unit,
                text=DEFAULT_MAKLUMAT,
                signatory_name="I Made Contoh, S.Sos.",
                signatory_position=f"Kepala {unit.name}",
                signed_on=date(today.year, 1, 15),
            )
            maklumat_transition(actor=actor, maklumat=m, to=MaklumatStatus.DITETAPKAN)
            maklumat_transition(actor=actor, maklumat=m, to=MaklumatStatus.PUBLISHED)
            created += 1
    return created
