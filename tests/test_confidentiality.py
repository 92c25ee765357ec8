"""Issue 14 acceptance: complaint markers appear only where domain.md §5 allows.

Biasa, rahasia and anonim complaints carry unique markers (identity, text, internal note, file name, tracking
code). Every pattern of the URL conf is fetched with real ids, as every demo role and as the public:
- identity: only who may see the reporter (admin pemda, handlers of the receiving unit; the reported unit's
  handlers only with consent; biasa: the case's handlers);
- text and tracking code: only who may handle the case (its case page), and the reporter's own tracking page;
- internal notes: only who may handle the case; never the tracking page.
"""

import pytest
from django.core.cache import cache

from tests.urlconf_kit import DEMO_ROLES, all_urls, body_text, own_page


def _rule(name, fallback=None):
    from sewaka.organisations import access

    found = getattr(access, name, None)
    if found is None:
        from sewaka.complaints import services

        found = getattr(services, name, None)
    return found or fallback


@pytest.mark.parametrize("who", [*DEMO_ROLES, "public"])
def test_markers_appear_only_where_allowed(db, client, settings, world, who):
    settings.MEDIA_ROOT = world.media
    cache.clear()
    may_handle = _rule("may_handle")
    may_see_reporter = _rule("may_see_reporter", may_handle)
    user = world.users.get(who)
    if user is not None:
        client.force_login(user)
    leaks, errors, sent = [], [], 0
    for _route, url in all_urls(world):
        try:
            response = client.get(url)
        except Exception as exc:  # noqa: BLE001 - a crash is reported with the URL, not hidden
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
            continue
        sent += 1
        text = body_text(response)
        for m in world.complaints:
            c = m.complaint
            own = own_page(url, c)
            handles = user is not None and may_handle(user, c)
            sees_reporter = user is not None and may_see_reporter(user, c)
            for kind, markers, allowed in (
                ("code", m.code_forms, handles or own),
                ("text", m.text, handles or own),
                ("internal", m.internal, handles),
                ("identity", m.identity, sees_reporter),
            ):
                for marker in markers:
                    if not allowed and marker in text:
                        leaks.append(f"{who} {url} [{response.status_code}]: {c.privacy} {kind} {marker!r}")
    print(f"confidentiality crawl as {who}: {sent} GET requests")  # noqa: T201
    assert not errors, "\n".join(errors)
    assert not leaks, "\n".join(leaks)


def test_the_crawl_sees_the_markers_where_they_belong(db, client, settings, world):
    """The crawl can fail: admin pemda finds every marker of the rahasia case on its case page."""
    settings.MEDIA_ROOT = world.media
    m = world.complaints[1]
    client.force_login(world.users["admin.pemda"])
    text = body_text(client.get(f"/pengaduan-staf/{m.complaint.pk}/"))
    for marker in [*m.identity, *m.text[:3], *m.internal]:
        assert marker in text, marker
    client.logout()
    from sewaka.complaints.tokens import status_token

    own = body_text(client.get(f"/pengaduan/status/{status_token(m.complaint)}/"))
    assert m.text[1] in own and m.internal[0] not in own  # the public reply, never the internal note


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_shows_no_rahasia_or_anonim_case_and_no_identity(db, client, settings, world, fmt):
    """Open311 (issue 19): a biasa case by its opaque id without identity, code or text (no publication
    consent); rahasia and anonim never, whether listed, asked for by id or by token — nor after a POST."""
    from sewaka.open311.services import client_key_issue
    from sewaka.organisations.models import Unit

    cache.clear()
    cases = [m.complaint for m in world.complaints]
    ids = ",".join(c.public_id for c in cases)
    _row, key = client_key_issue(actor=None, pemda=Unit.objects.get(code="kota-denpasar"), name="Uji")
    posted = []
    for privacy in ("rahasia", "anonim"):
        response = client.post(
            f"/open311/v2/requests.{fmt}",
            {
                "api_key": key,
                "service_code": "disdukcapil",
                "attribute[unit]": "disdukcapil",
                "attribute[privacy]": privacy,
                "attribute[publish]": "ya",
                "description": f"ZQPOST{privacy} loket",
                "first_name": "Zqpostnama",
                "email": "zqpost@contoh.test",
                "phone": "081200009999",
            },
        )
        assert response.status_code == 201
        assert not any(s in response.content.decode() for s in ("Zqpostnama", "zqpost@", "081200009999"))
        posted.append(response.content.decode())
    urls = [
        f"/open311/v2/requests.{fmt}",
        f"/open311/v2/requests.{fmt}?service_request_id={ids}",
        f"/open311/v2/requests.{fmt}?status=open,closed&service_code=disdukcapil,pkm-1-denbar",
    ]
    urls += [f"/open311/v2/{kind}/{c.public_id}.{fmt}" for c in cases for kind in ("requests", "tokens")]
    for url in urls:
        text = body_text(client.get(url))
        for m in world.complaints:
            markers = [*m.identity, *m.code_forms, *m.text, *m.internal]
            if m.complaint.privacy != "biasa":
                markers.append(m.complaint.public_id)
            assert not [x for x in markers if x in text], url
        assert "ZQPOST" not in text and "Zqpostnama" not in text
    biasa = world.complaints[0].complaint
    assert biasa.privacy == "biasa"
    assert biasa.public_id in body_text(client.get(f"/open311/v2/requests/{biasa.public_id}.{fmt}"))


@pytest.mark.parametrize("who", [*DEMO_ROLES, "public"])
def test_api_shows_markers_only_where_the_pages_do(db, client, settings, world, who):
    """The API (issue 19 item 2) with a token of each demo role: every GET endpoint of the schema, with the
    marked complaints' ids and units; identity only where the case page shows it, text and code only to
    who may handle the case, internal notes never (the API has no notes)."""
    from sewaka.api.schema import schema
    from sewaka.api.services import api_token_create

    settings.MEDIA_ROOT = world.media
    settings.SEWAKA_API_TOKEN_RATE = settings.SEWAKA_API_PUBLIC_RATE = 10**6
    cache.clear()
    may_handle = _rule("may_handle")
    may_see_reporter = _rule("may_see_reporter", may_handle)
    user = world.users.get(who)
    headers = {}
    if user is not None:
        _token, secret = api_token_create(actor=None, user=user, name="uji")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    cases = [m.complaint for m in world.complaints]
    units = {
        u.pk for c in cases for u in (c.handling_unit, c.reported_unit, c.receiving_unit) if u is not None
    }
    urls = []
    for path, methods in schema()["paths"].items():
        if "get" not in methods:
            continue
        if "{complaint_id}" in path:
            urls += [path.replace("{complaint_id}", str(c.pk)) for c in cases]
        elif "{unit_id}" in path:
            urls += [path.replace("{unit_id}", str(pk)) for pk in units]
        elif "{" not in path:
            urls += [path + "?limit=100", *(f"{path}?limit=100&unit={pk}" for pk in units)]
    leaks = []
    for url in urls:
        response = client.get(url, **headers)
        assert response.status_code < 500, url
        text = body_text(response)
        for m in world.complaints:
            c = m.complaint
            handles = user is not None and may_handle(user, c)
            sees_reporter = user is not None and may_see_reporter(user, c)
            for kind, markers, allowed in (
                ("code", m.code_forms, handles),
                ("text", m.text, handles),
                ("internal", m.internal, False),
                ("identity", m.identity, sees_reporter),
            ):
                leaks += [
                    f"{who} {url}: {c.privacy} {kind} {x!r}" for x in markers if not allowed and x in text
                ]
    assert not leaks, "\n".join(leaks)
    if who == "admin.pemda":  # the crawl can fail: admin pemda gets the rahasia case's identity
        m = world.complaints[1]
        text = body_text(client.get(f"/api/v1/complaints/{m.complaint.pk}", **headers))
        assert all(x in text for x in [*m.identity, m.text[0]])
