"""Denpasar innovations as demo data (issue 18 item 11), written through the innovations services.

Every innovation and result here is marked `is_demo` and named "(contoh)" where it could be mistaken for a
real one: the competition results are DEMO data, never the city's real KIPP history.

- at every stage: gagasan (Bapenda), uji coba (a kelurahan), implementasi, direplikasi (Puskesmas I
  Denpasar Barat's Si-Antre, replicated by Puskesmas II), dihentikan (a paper card replaced by Si-Antre);
- two that competed: Si-Antre Top 99 in KIPP 2023, DPMPTSP's permit delivery Top 45 in KIPP 2022;
- one too young to compete: Disdukcapil's same-day KTP-el, started at the start of last quarter, linked to
  the KTP-el service whose SKM history and complaints give its impact panel before/after figures (as does
  the replication, started two quarters ago);
- published ones with a photo drawn here with Pillow (no download);
- an internal call for KIPP 2023 with two nominations scored by two demo jurors (when demo users exist).

Idempotent: an innovation already registered under its name at its unit is left as it is.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from sewaka.innovations import services
from sewaka.innovations.models import Call, FileKind, Innovation, Juror, SchemeYear
from sewaka.innovations.transitions import CallStatus, Stage
from sewaka.organisations.models import Service, Unit

DEMO_NOTE = "Data contoh (demo) untuk memperlihatkan fitur; bukan hasil resmi KIPP Kota Denpasar."
JURORS = ("juri.bappeda", "juri.organisasi")
CALL_TITLE = "Seleksi Internal KIPP 2023 (data contoh)"
PROPOSAL_TEXTS = {  # demo drafts (invented, marked as an example); the other aspects stay unwritten
    "ringkasan": (
        "Contoh ringkasan. Antrean di loket pendaftaran puskesmas sering mencapai dua jam pada pagi hari. "
        "Si-Antre memungkinkan warga mengambil nomor antrean dari ponsel atau lewat pesan singkat, melihat "
        "perkiraan waktu dilayani, dan datang tepat waktu. Petugas memanggil nomor dari satu layar, dan "
        "data kunjungan tersimpan untuk perencanaan jadwal dokter."
    ),
    "latar_belakang_tujuan": (
        "Contoh latar belakang. Keluhan tentang antrean panjang menjadi pengaduan terbanyak puskesmas dan "
        "unsur waktu pelayanan mendapat nilai terendah dalam Survei Kepuasan Masyarakat. Tujuan inovasi: "
        "memangkas waktu tunggu di lokasi dan meratakan kunjungan sepanjang jam pelayanan."
    ),
}

# Path to each stage from gagasan (the table's moves; a stop needs a note).
PATHS = {
    Stage.GAGASAN: [],
    Stage.UJI_COBA: [Stage.UJI_COBA],
    Stage.IMPLEMENTASI: [Stage.UJI_COBA, Stage.IMPLEMENTASI],
    Stage.DIREPLIKASI: [Stage.UJI_COBA, Stage.IMPLEMENTASI, Stage.DIREPLIKASI],
    Stage.DIHENTIKAN: [Stage.UJI_COBA, Stage.DIHENTIKAN],
}


def photo(name: str, colour: tuple[int, int, int], seed: int) -> SimpleUploadedFile:
    """A small PNG drawn at seed time: a coloured band, a few shapes and the innovation's name."""
    image = Image.new("RGB", (640, 360), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 70) for c in colour)
    for n in range(6):
        x = (seed * 37 + n * 113) % 560
        y = (seed * 53 + n * 71) % 260
        draw.ellipse((x, y, x + 80, y + 80), fill=light)
    draw.rectangle((0, 290, 640, 360), fill=(255, 255, 255))
    draw.text((20, 315), name[:60], fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(f"foto-{seed}.png", out.getvalue(), content_type="image/png")


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _services(unit: Unit, names: list[str]) -> list[Service]:
    return list(Service.objects.filter(unit=unit, name__in=names, is_active=True))


def _innovation(actor, spec: dict) -> tuple[Innovation, bool]:
    unit = Unit.objects.get(code=spec["unit"])
    existing = Innovation.objects.filter(unit=unit, name=spec["name"]).first()
    if existing is not None:
        return existing, False
    innovation = services.innovation_create(
        actor=actor,
        unit=unit,
        name=spec["name"],
        short_name=spec.get("short_name", ""),
        started_on=spec.get("started_on"),
        services=_services(unit, spec.get("services", [])),
        partner_units=[Unit.objects.get(code=c) for c in spec.get("partners", [])],
        replicated_from=spec.get("replicated_from"),
        sdg_targets=spec.get("sdg", []),
        problem=spec.get("problem", ""),
        goal=spec.get("goal", ""),
        novelty=spec.get("novelty", ""),
        how_it_works=spec.get("how", ""),
        people_and_budget=spec.get("people", ""),
        innovator_sk_number=spec.get("sk", ""),
        innovator_sk_date=spec.get("sk_date"),
        is_demo=True,
    )
    for to in PATHS[spec["stage"]]:
        note = spec.get("stop_note", "") if to == Stage.DIHENTIKAN else ""
        services.innovation_transition(actor=actor, innovation=innovation, to=to, note=note)
    if spec.get("photo"):
        services.innovation_file_add(
            actor=actor,
            innovation=innovation,
            kind=FileKind.PHOTO,
            uploaded=photo(spec["name"], spec["photo"], innovation.pk),
            caption=spec.get("caption", spec["name"]),
        )
    for scheme_year, award_code in spec.get("awards", []):
        services.award_record(
            actor=actor,
            innovation=innovation,
            year=scheme_year.year,
            award_code=award_code,
            scheme_year=scheme_year,
            group_code="umum",
            note=DEMO_NOTE,
            is_demo=True,
        )
    if spec.get("publish"):
        services.innovation_publish(actor=actor, innovation=innovation)
    return innovation, True


def seed_innovations(pemda: Unit, actor, *, today: date | None = None) -> int:
    today = today or timezone.localdate()
    services.ensure_shipped_schemes()
    kipp = {
        sy.year: sy for sy in SchemeYear.objects.filter(scheme__code="kipp").order_by("year", "created_at")
    }
    young = _quarter_start(today) - relativedelta(months=3)  # the start of last quarter
    replica_start = young - relativedelta(months=3)
    created = 0

    siantre, new = _innovation(
        actor,
        {
            "unit": "pkm-1-denbar",
            "name": "Si-Antre: Antrean Daring Puskesmas (contoh)",
            "short_name": "Si-Antre",
            "started_on": date(2021, 3, 1),
            "stage": Stage.DIREPLIKASI,
            "services": ["Pemeriksaan Umum", "Kesehatan Ibu dan Anak (KIA) dan KB"],
            "sdg": [3, 10],
            "problem": "Pasien datang sejak subuh untuk mengambil nomor antrean dan menunggu berjam-jam di "
            "ruang tunggu yang penuh, termasuk lansia dan ibu hamil.",
            "goal": "Memangkas waktu tunggu di puskesmas dan mengurangi kerumunan ruang tunggu.",
            "novelty": "Nomor antrean diambil dari rumah lewat WhatsApp dan situs, dengan perkiraan jam "
            "dilayani yang diperbarui setiap 15 menit.",
            "how": "Pasien mengirim pesan ke nomor WhatsApp puskesmas atau membuka situs antrean\n"
            "Sistem memberi nomor dan perkiraan jam dilayani\n"
            "Pasien datang 15 menit sebelum jamnya\n"
            "Petugas loket memanggil sesuai nomor; lansia dan ibu hamil didahulukan",
            "people": "Tim 5 orang (kepala puskesmas, 2 petugas loket, 1 pranata komputer, 1 bidan); "
            "anggaran BLUD Rp 12 juta per tahun.",
            "sk": "800/123/PKM-I/2021 (contoh)",
            "sk_date": date(2021, 2, 15),
            "photo": (20, 110, 90),
            "caption": "Loket antrean Puskesmas I Denpasar Barat (gambar contoh)",
            "awards": [(kipp[2023], "top99")] if 2023 in kipp else [],
            "publish": True,
        },
    )
    created += new
    specs = [
        {
            "unit": "pkm-2-denbar",
            "name": "Si-Antre Puskesmas II Denpasar Barat (contoh)",
            "short_name": "Si-Antre II",
            "started_on": replica_start,
            "stage": Stage.IMPLEMENTASI,
            "services": ["Pemeriksaan Umum"],
            "replicated_from": siantre,
            "sdg": [3],
            "problem": "Antrean pagi yang sama dengan Puskesmas I: pasien menunggu lama sebelum dilayani.",
            "goal": "Menerapkan Si-Antre di Puskesmas II dengan sumber daya sendiri.",
            "how": "Memakai nomor WhatsApp dan situs antrean yang sama dengan Puskesmas I\n"
            "Petugas loket dilatih oleh tim Puskesmas I\n"
            "Jadwal dokter diumumkan setiap pagi",
            "photo": (30, 90, 140),
            "caption": "Ruang tunggu Puskesmas II Denpasar Barat (gambar contoh)",
            "publish": True,
        },
        {
            "unit": "dpmptsp",
            "name": "Izin Usaha Antar ke Rumah (contoh)",
            "short_name": "Izin Antar",
            "started_on": date(2020, 1, 6),
            "stage": Stage.IMPLEMENTASI,
            "services": ["Nomor Induk Berusaha (NIB)"],
            "partners": ["mpp-denpasar"],
            "sdg": [8, 16],
            "problem": "Pelaku usaha mikro harus datang berkali-kali ke kantor untuk mengurus dan mengambil "
            "dokumen izin usaha.",
            "goal": "Izin usaha mikro terbit tanpa pemohon datang ke kantor.",
            "novelty": "Pendampingan pengisian OSS lewat video dan dokumen izin diantar petugas ke tempat usaha.",
            "how": "Pemohon menghubungi layanan pendampingan\nPetugas membantu pengisian OSS lewat video\n"
            "Dokumen dicetak dan diantar ke tempat usaha",
            "photo": (150, 80, 30),
            "caption": "Petugas mengantar izin usaha (gambar contoh)",
            "awards": [(kipp[2022], "top99"), (kipp[2022], "top45")] if 2022 in kipp else [],
            "publish": True,
        },
        {
            "unit": "disdukcapil",
            "name": "KTP-el Sehari Jadi (contoh)",
            "short_name": "KTP Sehari",
            "started_on": young,
            "stage": Stage.IMPLEMENTASI,
            "services": ["Penerbitan KTP-el"],
            "sdg": [16],
            "problem": "KTP-el baru selesai berminggu-minggu setelah perekaman karena blangko dan pencetakan "
            "terpusat.",
            "goal": "KTP-el selesai pada hari yang sama dengan perekaman bila persyaratan lengkap.",
            "novelty": "Pencetakan di loket perekaman dengan stok blangko harian yang dipantau.",
            "how": "Pemohon merekam data di loket\nPetugas memverifikasi persyaratan saat itu juga\n"
            "KTP-el dicetak dan diserahkan sebelum loket tutup",
            "photo": (90, 40, 120),
            "caption": "Loket perekaman KTP-el (gambar contoh)",
            "publish": True,
        },
        {
            "unit": "disdukcapil",
            "name": "Akta Kelahiran Langsung dari Rumah Sakit (contoh)",
            "short_name": "Akta RS",
            "started_on": date(2022, 2, 1),
            "stage": Stage.IMPLEMENTASI,
            "services": ["Akta Kelahiran"],
            "sdg": [16],
            "problem": "Orang tua bayi baru lahir harus datang sendiri ke kantor untuk mengurus akta.",
            "goal": "Akta kelahiran terbit sebelum ibu dan bayi pulang dari rumah sakit.",
            "how": "Rumah sakit mengirim data kelahiran lewat aplikasi\nPetugas memverifikasi\n"
            "Akta dikirim dalam bentuk elektronik",
            "publish": True,
        },
        {
            "unit": "bapenda",
            "name": "Bayar Pajak Daerah lewat WhatsApp (contoh)",
            "stage": Stage.GAGASAN,
            "sdg": [16, 17],
            "problem": "Wajib pajak tidak tahu tagihan PBB-P2 dan cara membayarnya.",
            "how": "Tagihan dikirim lewat WhatsApp\nPembayaran lewat kanal bank daerah",
        },
        {
            "unit": "kelurahan-dauh-puri",
            "name": "Surat Keterangan Daring Kelurahan (contoh)",
            "started_on": young + timedelta(days=30),
            "stage": Stage.UJI_COBA,
            "services": ["Surat Keterangan Domisili"],
            "problem": "Warga harus datang ke kantor kelurahan untuk surat keterangan sederhana.",
            "how": "Warga mengisi formulir daring\nLurah menandatangani secara elektronik",
        },
        {
            "unit": "pkm-1-denbar",
            "name": "Kartu Kendali Berobat Kertas (contoh)",
            "started_on": date(2019, 6, 1),
            "stage": Stage.DIHENTIKAN,
            "stop_note": "Dihentikan: digantikan Si-Antre yang mencatat kunjungan secara daring.",
            "problem": "Riwayat kunjungan pasien sulit dilacak.",
            "how": "Pasien membawa kartu kertas setiap berkunjung",
        },
    ]
    made: dict[str, Innovation] = {"siantre": siantre}
    for spec in specs:
        innovation, new = _innovation(actor, spec)
        made[spec["name"]] = innovation
        created += new
    nominated = [siantre, made["Akta Kelahiran Langsung dari Rumah Sakit (contoh)"]]
    created += _call(pemda, actor, kipp.get(2023), nominated, today)
    return created


# Each juror's scores per aspect (0–100) of the two nominations, in the nominations' order.
SCORES = {
    "juri.bappeda": ([80, 75, 85, 70, 88, 82, 70, 78], [72, 70, 65, 80, 75, 70, 75, 72]),
    "juri.organisasi": ([78, 80, 82, 75, 85, 86, 72, 80], [70, 74, 68, 78, 72, 74, 70, 70]),
}


def _call(
    pemda: Unit, actor, scheme_year: SchemeYear | None, nominated: list[Innovation], today: date
) -> int:
    """The internal call: open until three weeks from today, two nominations, the jury scoring."""
    if scheme_year is None or Call.objects.filter(pemda=pemda, title=CALL_TITLE).exists():
        return 0
    call = services.call_create(
        actor=actor,
        pemda=pemda,
        scheme_year=scheme_year,
        title=CALL_TITLE,
        nomination_deadline=today + timedelta(days=21),
        cap=2,
    )
    services.call_open(actor=actor, call=call)
    nominations = [
        services.nomination_create(actor=actor, call=call, innovation=i, group_code="umum") for i in nominated
    ]
    created = 1 + len(nominations)
    for aspect_code, text in PROPOSAL_TEXTS.items():  # a draft started for the first nomination
        services.proposal_text_save(
            actor=actor, nomination=nominations[0], aspect_code=aspect_code, text=text
        )
        created += 1
    User = get_user_model()
    jurors = [u for u in (User.objects.filter(username=name).first() for name in JURORS) if u is not None]
    if len(jurors) < 2:  # demo users are off: the call stays open for nominations
        return created
    for user in jurors:
        if not Juror.objects.filter(call=call, user=user).exists():
            services.juror_add(actor=actor, call=call, user=user)
            created += 1
    services.call_transition(actor=actor, call=call, to=CallStatus.SCORING)
    aspects = list(scheme_year.aspects("umum"))
    for user in jurors:
        for nomination, values in zip(nominations, SCORES[user.username], strict=True):
            for aspect, value in zip(aspects, values, strict=True):
                services.score_save(
                    actor=user,
                    nomination=nomination,
                    aspect_code=aspect,
                    value=Decimal(value),
                    comment="Penilaian contoh.",
                )
                created += 1
            services.score_submit(actor=user, nomination=nomination)
    return created
