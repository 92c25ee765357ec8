"""Open311 GeoReport v2 (issue 19): the spec's shapes in JSON and XML, a form-encoded client, client keys,
filters and limits, errors in the spec's format, and privacy (domain.md §5): only biasa cases, never an
identity, never the tracking code."""

import json
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sewaka.complaints.models import Complaint
from sewaka.complaints.services import complaint_message, complaint_submit
from sewaka.open311.models import ClientKey
from sewaka.open311.services import client_key_issue, client_key_revoke
from sewaka.organisations.services import service_create, unit_update

BASE = "/open311/v2/"
NAME = "Ni Made Zqrahasia"
EMAIL = "zqpelapor@contoh.test"
PHONE = "081233334444"


@pytest.fixture(autouse=True)
def _cold_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(tree):
    unit_update(
        actor=None,
        unit=tree.pkm_a,
        address="Jl. Gunung Soputan No. 1, Denpasar",
        latitude=Decimal("-8.650100"),
        longitude=Decimal("115.190200"),
    )
    service = service_create(actor=None, unit=tree.pkm_a, name="Pemeriksaan Umum")
    _row, key = client_key_issue(actor=None, pemda=tree.pemda, name="Aplikasi Uji")
    return tree, service, key


def _json(response):
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def _xml(response):
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    return ET.fromstring(response.content)


def _post(client, key, **data):
    form = {
        "api_key": key,
        "service_code": "pkm-a.pemeriksaan-umum",
        "description": "Antrean tiga jam.",
        **data,
    }
    return client.post(BASE + "requests.json", form)


def _submit(unit, privacy="biasa", consent=False, text="Antrean tiga jam tanpa kepastian.", **extra):
    complaint, _new = complaint_submit(
        what_happened=text,
        idempotency_key=str(uuid.uuid4()),
        privacy=privacy,
        reported_unit=unit,
        reporter_name=NAME if privacy != "anonim" else "",
        reporter_email=EMAIL,
        reporter_phone=PHONE,
        consent_publish=consent,
        **extra,
    )
    return complaint


# --- shapes -----------------------------------------------------------------------------------------------------


def test_discovery_json_and_xml(client, world):
    data = _json(client.get(BASE + "discovery.json"))
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = _xml(client.get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_json_and_xml(client, world):
    tree, service, _key = world
    rows = _json(client.get(BASE + "services.json"))
    codes = {r["service_code"]: r for r in rows}
    assert "pkm-a" in codes and "pkm-a.pemeriksaan-umum" in codes
    row = codes["pkm-a.pemeriksaan-umum"]
    assert row == {
        "service_code": "pkm-a.pemeriksaan-umum",
        "service_name": "Pemeriksaan Umum",
        "description": row["description"],
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "Puskesmas A",
    }
    root = _xml(client.get(BASE + "services.xml"))
    assert root.tag == "services"
    first = root.find("service")
    assert [c.tag for c in first] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert first.find("metadata").text == "true" and first.find("type").text == "realtime"
    assert len(root.findall("service")) == len(rows)


def test_service_definition_json_and_xml(client, world):
    data = _json(client.get(BASE + "services/pkm-a.pemeriksaan-umum.json"))
    assert data["service_code"] == "pkm-a.pemeriksaan-umum"
    privacy = data["attributes"][0]
    assert privacy["code"] == "privacy" and privacy["datatype"] == "singlevaluelist"
    assert [v["key"] for v in privacy["values"]] == ["biasa", "rahasia", "anonim"]
    assert {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    } == set(privacy)
    root = _xml(client.get(BASE + "services/pkm-a.xml"))
    assert root.tag == "service_definition" and root.find("service_code").text == "pkm-a"
    attrs = root.findall("attributes/attribute")
    assert [a.find("code").text for a in attrs] == ["privacy", "publish", "unit"]
    assert [v.find("key").text for v in attrs[0].findall("values/value")] == ["biasa", "rahasia", "anonim"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_a_spec_404(client, world, fmt):
    response = client.get(f"{BASE}services/tidak-ada.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert _json(response) == [{"code": 404, "description": "service_code tidak dikenal."}]
    else:
        root = _xml(response)
        assert root.tag == "errors" and root.find("error/code").text == "404"


def test_unknown_format_is_a_404_in_json(client, world):
    response = client.get(BASE + "services.csv")
    assert response.status_code == 404 and _json(response)[0]["code"] == 404


# --- POST -------------------------------------------------------------------------------------------------------


def test_a_form_encoded_post_creates_a_trackable_complaint_its_handlers_see(world, admin_pemda):
    from sewaka.organisations.models import Role
    from sewaka.organisations.tests.factories import make_member

    tree, service, key = world
    handler = make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "pengaduan_pkm")
    client = Client(enforce_csrf_checks=True)  # a client app has no CSRF token: the endpoint is exempt
    response = _post(
        client,
        key,
        lat="-8.6543",
        long="115.2166",
        first_name="Komang",
        last_name="Warga",
        email="komang@contoh.test",
        **{"attribute[publish]": "ya"},
    )
    assert response.status_code == 201, response.content
    [row] = _json(response)
    complaint = Complaint.objects.get()
    assert row["service_request_id"] == complaint.public_id
    assert row["service_request_id"] not in (complaint.code, str(complaint.pk))
    assert complaint.code in row["service_notice"]
    assert (
        complaint.channel == "open311"
        and complaint.service == service
        and complaint.reported_unit == tree.pkm_a
    )
    assert (
        complaint.reporter_name == "Komang Warga"
        and complaint.privacy == "biasa"
        and complaint.consent_publish
    )
    assert complaint.location_lat == Decimal("-8.654300")
    # Its handlers see it on their list; the reporter tracks it by its code.
    from sewaka.complaints.selectors import complaint_list

    assert complaint in complaint_list(user=handler) and complaint in complaint_list(user=admin_pemda)
    page = Client().post("/pengaduan/lacak/", {"code": complaint.code}, follow=True)
    assert page.status_code == 200 and page.redirect_chain[0][0].startswith("/pengaduan/status/")
    # The public sees it by id, with its own location and its text (publication agreed), never the reporter.
    shown = Client().get(f"{BASE}requests/{complaint.public_id}.json")
    [public] = _json(shown)
    assert (
        public["description"] == "Antrean tiga jam."
        and public["lat"] == -8.6543
        and public["long"] == 115.2166
    )
    assert public["status"] == "open" and public["service_code"] == "pkm-a.pemeriksaan-umum"
    assert "Komang" not in shown.content.decode() and complaint.code not in shown.content.decode()


def test_a_retried_post_stores_one_complaint(client, world):
    _tree, _service, key = world
    first = _json(_post(client, key, address_string="Jl. Teuku Umar"))
    second = _json(_post(client, key, address_string="Jl. Teuku Umar"))
    assert first[0]["service_request_id"] == second[0]["service_request_id"]
    assert Complaint.objects.count() == 1


def test_the_post_answers_in_xml(client, world):
    _tree, _service, key = world
    response = client.post(
        BASE + "requests.xml",
        {"api_key": key, "service_code": "pkm-a", "description": "x", "attribute[unit]": "pkm-a"},
    )
    assert response.status_code == 201
    root = _xml(response)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("which", ["wrong", "missing", "revoked"])
def test_a_wrong_missing_or_revoked_key_is_a_spec_403(client, world, fmt, which):
    tree, _service, key = world
    if which == "revoked":
        client_key_revoke(actor=None, key=ClientKey.objects.get())
    form = {"service_code": "pkm-a", "description": "x", "attribute[unit]": "pkm-a"}
    if which != "missing":
        form["api_key"] = key if which == "revoked" else key + "x"
    response = client.post(f"{BASE}requests.{fmt}", form)
    assert response.status_code == 403
    if fmt == "json":
        [error] = _json(response)
        assert error["code"] == 403 and error["description"]
    else:
        root = _xml(response)
        assert root.tag == "errors" and root.find("error/code").text == "403"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"service_code": ""}, "service_code"),
        ({"service_code": "tidak-ada"}, "service_code"),
        ({"description": "", "address_string": "x"}, "description"),
        ({"description": "x" * 4001, "address_string": "x"}, "4000"),
        ({"lat": "-8.6"}, "lat"),
        ({"lat": "abc", "long": "115"}, "lat"),
        ({"lat": "-95", "long": "115"}, "lat"),
        ({"lat": "NaN", "long": "115"}, "lat"),
        ({"attribute[privacy]": "publik", "address_string": "x"}, "privacy"),
        ({"attribute[unit]": "capil"}, "unit"),
        ({"email": "bukan-email", "address_string": "x"}, "email"),
        ({"media_url": "javascript:alert(1)", "address_string": "x"}, "media_url"),
        ({}, "Lokasi"),
    ],
)
def test_bad_posts_get_a_spec_400(client, world, extra, fragment):
    _tree, _service, key = world
    response = _post(client, key, **extra)
    assert response.status_code == 400, response.content
    [error] = _json(response)
    assert error["code"] == 400 and fragment in error["description"]
    assert not Complaint.objects.exists()


def test_a_key_of_another_pemda_cannot_post_to_this_one(client, world):
    from sewaka.organisations.tests.factories import make_unit

    other = make_unit(code="kota-lain", name="Kota Lain")
    _row, key = client_key_issue(actor=None, pemda=other, name="Lain")
    response = _post(client, key, address_string="x")
    assert response.status_code == 400 and not Complaint.objects.exists()


# --- privacy ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("privacy", ["rahasia", "anonim"])
def test_rahasia_and_anonim_never_appear(client, world, privacy):
    tree, _service, key = world
    response = _post(
        client,
        key,
        address_string="Jl. Zq",
        first_name="Ni Made",
        last_name="Zqrahasia",
        email=EMAIL,
        phone=PHONE,
        **{"attribute[privacy]": privacy, "attribute[publish]": "ya"},
    )
    assert response.status_code == 201
    body = response.content.decode()
    assert "Zqrahasia" not in body and EMAIL not in body and PHONE not in body  # identity never echoed
    complaint = Complaint.objects.get()
    assert complaint.privacy == privacy and not complaint.consent_publish
    staff = _submit(tree.pkm_a, privacy=privacy, consent=True, text="ZQTEKS rahasia")
    for case in (complaint, staff):
        for fmt in ("json", "xml"):
            for url in (
                f"{BASE}requests.{fmt}",
                f"{BASE}requests.{fmt}?service_request_id={case.public_id}",
                f"{BASE}requests.{fmt}?service_code=pkm-a,pkm-a.pemeriksaan-umum",
            ):
                text = client.get(url).content.decode()
                assert case.public_id not in text and "ZQTEKS" not in text and "Antrean" not in text
            assert client.get(f"{BASE}requests/{case.public_id}.{fmt}").status_code == 404
            assert client.get(f"{BASE}tokens/{case.public_id}.{fmt}").status_code == 404


def test_a_biasa_case_shows_no_identity_no_code_and_text_only_with_consent(client, world, admin_pemda):
    tree, _service, _key = world
    quiet = _submit(tree.pkm_a, text="ZQDIAM petugas kasar")
    complaint_message(complaint=quiet, actor=admin_pemda, text="ZQBALAS sudah ditegur", public=True)
    open_ = _submit(tree.pkm_a, consent=True, text="ZQTERBUKA loket tutup")
    complaint_message(complaint=open_, actor=admin_pemda, text="ZQJAWAB loket dibuka", public=True)
    for fmt in ("json", "xml"):
        text = client.get(f"{BASE}requests.{fmt}").content.decode()
        for secret in (NAME, EMAIL, PHONE, quiet.code, open_.code, "ZQDIAM", "ZQBALAS"):
            assert secret not in text
        assert "ZQTERBUKA" in text and "ZQJAWAB" in text
    rows = {r["service_request_id"]: r for r in _json(client.get(BASE + "requests.json"))}
    assert rows[quiet.public_id]["description"] == "Pengaduan tentang pelayanan Puskesmas A."
    assert rows[quiet.public_id]["status_notes"] == "Diterima"
    assert rows[open_.public_id]["status_notes"] == "ZQJAWAB loket dibuka"


def test_every_request_has_an_address_and_coordinates(client, world):
    tree, _service, _key = world
    case = _submit(tree.pkm_a)  # no location of its own: the unit's
    [row] = _json(client.get(f"{BASE}requests/{case.public_id}.json"))
    assert row["address"] == "Jl. Gunung Soputan No. 1, Denpasar"
    assert (row["lat"], row["long"]) == (-8.6501, 115.1902)
    assert row["agency_responsible"] == "Puskesmas A"
    assert row["requested_datetime"].endswith("+08:00") and row["updated_datetime"].endswith("+08:00")
    assert row["expected_datetime"] and row["expected_datetime"].endswith("+08:00")
    assert isinstance(row["service_request_id"], str)
    root = _xml(client.get(f"{BASE}requests/{case.public_id}.xml"))
    request = root.find("request")
    assert root.tag == "service_requests" and len(root) == 1
    for tag in (
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ):
        assert request.find(tag) is not None, tag
    assert request.find("lat").text == "-8.6501"


# --- filters and limits -----------------------------------------------------------------------------------------


def test_filters(client, world, admin_pemda):
    tree, service, _key = world
    a = _submit(tree.pkm_a)
    b = _submit(tree.pkm_a, service=service)
    c = _submit(tree.capil)
    from sewaka.complaints.services import complaint_transition

    complaint_transition(complaint=c, to="ditutup", actor=admin_pemda, reason="Bukan kewenangan.")

    def ids(query=""):
        return {r["service_request_id"] for r in _json(client.get(BASE + "requests.json" + query))}

    assert ids() == {a.public_id, b.public_id, c.public_id}
    assert ids(f"?service_request_id={a.public_id},{c.public_id}") == {a.public_id, c.public_id}
    assert ids("?service_code=pkm-a") == {a.public_id}
    assert ids("?service_code=pkm-a.pemeriksaan-umum") == {b.public_id}
    assert ids("?status=closed") == {c.public_id}
    assert ids("?status=open") == {a.public_id, b.public_id}
    assert ids("?status=open,closed") == {a.public_id, b.public_id, c.public_id}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert ids(f"?start_date={tomorrow}T00:00:00%2B08:00") == set()
    assert ids(f"?end_date={tomorrow}") == {a.public_id, b.public_id, c.public_id}
    assert ids("?jurisdiction_id=kota-uji") == {a.public_id, b.public_id, c.public_id}


def test_the_default_is_the_last_90_days(client, world):
    tree, _service, _key = world
    old = _submit(tree.pkm_a, received_at=timezone.now() - timedelta(days=100))
    new = _submit(tree.pkm_a)
    ids = {r["service_request_id"] for r in _json(client.get(BASE + "requests.json"))}
    assert ids == {new.public_id}
    start = (timezone.localdate() - timedelta(days=120)).isoformat()
    ids = {r["service_request_id"] for r in _json(client.get(f"{BASE}requests.json?start_date={start}"))}
    assert ids == {old.public_id, new.public_id}


def test_at_most_max_requests(client, world, monkeypatch):
    tree, _service, _key = world
    monkeypatch.setattr("sewaka.open311.views.MAX_REQUESTS", 2)
    for _ in range(3):
        _submit(tree.pkm_a)
    assert len(_json(client.get(BASE + "requests.json"))) == 2


@pytest.mark.parametrize(
    "query",
    [
        "?start_date=kemarin",
        "?end_date=2026-13-45",
        "?start_date=2026-12-02&end_date=2026-12-01",
        "?status=pending",
        "?service_code=tidak-ada",
        "?start_date=99999-01-01T00:00:00",
        "?start_date=2026-01-01T25:00:00",
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_queries_get_a_spec_400_never_a_500(client, world, query, fmt):
    response = client.get(f"{BASE}requests.{fmt}{query}")
    assert response.status_code == 400, response.content
    if fmt == "json":
        assert _json(response)[0]["code"] == 400
    else:
        assert _xml(response).find("error/code").text == "400"


def test_unknown_ids_and_tokens_are_404(client, world):
    for url in ("requests/abc.json", "tokens/abc.json", "requests/1.xml"):
        response = client.get(BASE + url)
        assert response.status_code == 404


def test_token_returns_the_request_id(client, world):
    tree, _service, _key = world
    case = _submit(tree.pkm_a)
    [row] = _json(client.get(f"{BASE}tokens/{case.public_id}.json"))
    assert row == {"service_request_id": case.public_id, "token": case.public_id}


# --- client keys (staff) ----------------------------------------------------------------------------------------


def test_admin_pemda_issues_a_key_shown_once_and_revokes_it(client, tree, admin_pemda):
    from sewaka.core.models import AuditEvent

    client.force_login(admin_pemda)
    response = client.post("/open311/kunci/", {"name": "Aplikasi Warga"})
    assert response.status_code == 200
    row = ClientKey.objects.get()
    page = response.content.decode()
    import re

    key = re.search(r"<code>(o311_[^<]+)</code>", page).group(1)
    assert row.key_hash != key and len(row.key_hash) == 64 and key.startswith(row.prefix)
    assert key not in client.get("/open311/kunci/").content.decode()  # shown once
    assert AuditEvent.objects.filter(action="open311.key_issue").exists()
    assert key not in json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)), default=str)
    client.post(f"/open311/kunci/{row.pk}/cabut/")
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_only_admin_pemda_manages_keys(client, tree, operator_unit_a):
    client.force_login(operator_unit_a)
    assert client.get("/open311/kunci/").status_code == 403
    _row, _key = client_key_issue(actor=None, pemda=tree.pemda, name="X")
    assert client.post(f"/open311/kunci/{_row.pk}/cabut/").status_code == 403


# --- units' location --------------------------------------------------------------------------------------------


def test_unit_coordinates_are_validated_and_shown_on_the_public_unit_page(client, tree, admin_pemda):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        unit_update(actor=None, unit=tree.pkm_a, latitude=Decimal("-95"), longitude=Decimal("115"))
    tree.pkm_a.refresh_from_db()
    with pytest.raises(ValidationError):
        unit_update(actor=None, unit=tree.pkm_a, latitude=Decimal("-8.6"))
    tree.pkm_a.refresh_from_db()
    client.force_login(admin_pemda)
    form = client.get(f"/unit/{tree.pkm_a.pk}/ubah/")
    assert 'name="latitude"' in form.content.decode() and 'name="longitude"' in form.content.decode()
    unit_update(actor=None, unit=tree.pkm_a, latitude=Decimal("-8.650100"), longitude=Decimal("115.190200"))
    client.logout()
    page = client.get(f"/layanan/{tree.pkm_a.code}/")
    assert "-8.650100, 115.190200" in page.content.decode()


def test_rate_limited_reads_get_a_spec_429(client, world, settings):
    settings.SEWAKA_OPEN311_GET_LIMIT_PER_HOUR = 2
    assert client.get(BASE + "services.json").status_code == 200
    assert client.get(BASE + "services.json").status_code == 200
    response = client.get(BASE + "services.xml")
    assert response.status_code == 429 and _xml(response).find("error/code").text == "429"


def test_the_request_list_reads_a_constant_number_of_queries(client, world, admin_pemda):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tree, service, _key = world

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE + "requests.json").status_code == 200
        return len(ctx.captured_queries)

    for unit in (tree.pkm_a, tree.capil):
        c = _submit(unit, consent=True, service=service if unit == tree.pkm_a else None)
        complaint_message(complaint=c, actor=admin_pemda, text="Sudah ditindaklanjuti.", public=True)
    few = count()
    for unit in (tree.pkm_a, tree.capil, tree.pkm_a, tree.capil):
        _submit(unit, service=service if unit == tree.pkm_a else None)
    assert count() == few
