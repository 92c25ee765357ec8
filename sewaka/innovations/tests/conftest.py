"""Fixtures of the innovations tests: a small scheme in the scheme-file format, innovations of unit A."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sewaka.innovations import services
from sewaka.innovations.models import Scheme, SchemeYear
from sewaka.organisations.services import service_create

WITA = ZoneInfo("Asia/Makassar")


def scheme_dict(**over):
    """A minimal scheme in the file format of schemes/*.json: one group, two aspects (the first with a
    10-word limit, the second without), a 0–100 scale, a cap of 2."""
    data = {
        "format": 1,
        "code": "uji",
        "name": "Kompetisi Uji",
        "organiser": "Panitia Uji",
        "year": 2026,
        "version": "2026.1",
        "status": "unconfirmed",
        "sources": ["tes"],
        "example": True,
        "scale": {"min": 0, "max": 100},
        "registration_deadline": {"value": "2026-09-30", "status": "unconfirmed"},
        "cap_per_instance": {"value": 2, "status": "unconfirmed"},
        "categories": {
            "status": "unconfirmed",
            "items": [{"code": "digital", "name": "Digital", "status": "unconfirmed"}],
        },
        "groups": [
            {
                "code": "umum",
                "name": "Kelompok Umum",
                "status": "unconfirmed",
                "rules": [],
                "aspects": [
                    {
                        "code": "ringkasan",
                        "name": "Ringkasan",
                        "question": "Ringkas inovasi Anda.",
                        "weight": "40",
                        "max_words": {"value": 10, "status": "unconfirmed"},
                        "status": "unconfirmed",
                    },
                    {
                        "code": "dampak",
                        "name": "Dampak",
                        "question": "Apa dampaknya?",
                        "weight": "60",
                        "max_words": {"value": None, "status": "unconfirmed"},
                        "status": "unconfirmed",
                    },
                ],
            }
        ],
        "stages": [],
        "awards": [
            {"code": "juara_1", "name": "Juara 1", "order": 1, "status": "unconfirmed"},
            {"code": "harapan", "name": "Harapan", "order": 2, "status": "unconfirmed"},
        ],
    }
    data.update(over)
    return data


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 8, 20, 9, tzinfo=WITA), tick=False):
        yield


@pytest.fixture
def scheme_year(db):
    """Stored directly (the loader and its validation are tested on their own)."""
    scheme = Scheme.objects.create(code="uji", name="Kompetisi Uji")
    return SchemeYear.objects.create(
        scheme=scheme, year=2026, version="2026.1", name="Kompetisi Uji", data=scheme_dict(), sha256="0" * 64
    )


@pytest.fixture
def service_a(tree):
    return service_create(actor=None, unit=tree.pkm_a, name="Pemeriksaan umum")


@pytest.fixture
def innovation(tree, operator_unit_a, service_a):
    return services.innovation_create(
        actor=operator_unit_a,
        unit=tree.pkm_a,
        name="Antrean Daring Puskesmas",
        short_name="Si-Antre",
        started_on=date(2023, 1, 2),
        services=[service_a],
        problem="Antrean panjang sejak subuh.",
        how_it_works="Daftar lewat WhatsApp\nDatang sesuai jam",
        sdg_targets=["3", 10],
        links=["https://contoh.go.id/antre"],
    )


def pdf(name="sk.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7 isi")


def png(name="foto.png"):
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())
