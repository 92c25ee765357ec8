"""Issue 14 item 10: no input gives a 500. Every pattern of the URL conf (one URL each, real ids of the Denpasar
demo) is fetched as admin pemda, an operator, a complaint handler, Tim Monev and the public; every GET filter
and POST form found on those pages, and every query parameter of their same-page links, is sent bad values.

Budget: one URL per pattern per role, a bounded Hypothesis profile ("sewaka-ci", 2 examples; set
SEWAKA_HYPOTHESIS_PROFILE=sewaka-dev for 25). The test prints how many requests it sent.
"""

import os
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.urlconf_kit import all_urls, parse_forms

hsettings.register_profile("sewaka-ci", max_examples=2, deadline=None)
hsettings.register_profile("sewaka-dev", max_examples=25, deadline=None)
PROFILE = hsettings.get_profile(os.environ.get("SEWAKA_HYPOTHESIS_PROFILE", "sewaka-ci"))

FUZZ = [
    "²",
    "-1",
    "99999999999999999999",
    "",
    "\x00",
    "abc",
    "1e3",
    "9" * 5000,
    "../",
    "ünïcødé ١٢٣ 🙂",
    "x" * 300,
]
_FORMS: dict = {}  # the admin's forms, found once and reused by the Hypothesis test
ROLES = ["admin.pemda", "operator.pkm1", "pengaduan", "monev", "public"]
# Actions that end the session or switch the language would change what the rest of the walk sees.
SKIP_ACTIONS = ("/akun/logout/", "/bahasa/", "/akun/kata-sandi/")


def one_url_per_pattern(world) -> list[str]:
    seen, urls = set(), []
    for route, url in all_urls(world):
        if route.route not in seen:
            seen.add(route.route)
            urls.append(url)
    return urls


def targets(client, world) -> tuple[list[tuple[str, str, list[str]]], int]:
    """(method, action URL, field names) of every form and same-page link query on the role's pages."""
    found, sent = {}, 0
    for url in one_url_per_pattern(world):
        response = client.get(url)
        sent += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = parse_forms(response.content.decode("utf-8", "replace"))
        for form in page.forms:
            action = urlsplit(urljoin(url, form["action"] or url)).path
            if action.startswith(SKIP_ACTIONS):
                continue
            names = sorted(n for n, (kind, _v) in form["fields"].items() if n != "csrfmiddlewaretoken")
            if names:
                found.setdefault((form["method"], action), set()).update(names)
        for href in page.links:
            parts = urlsplit(urljoin(url, href))
            if parts.query and parts.path == urlsplit(url).path:
                names = [k for k, _v in parse_qsl(parts.query, keep_blank_values=True)]
                found.setdefault(("get", parts.path), set()).update(names)
    return [(m, a, sorted(n)) for (m, a), n in found.items()], sent


def send(client, method, action, data):
    try:
        response = client.post(action, data) if method == "post" else client.get(action, data)
    except Exception as exc:  # noqa: BLE001 - reported with the request
        return f"{method.upper()} {action} {sorted(data)}: {type(exc).__name__}: {str(exc)[:200]}"
    if response.status_code >= 500:
        return f"{method.upper()} {action} {sorted(data)}: {response.status_code}"
    return None


@pytest.mark.parametrize("who", ROLES)
def test_no_500_for_bad_values_in_any_form_or_filter(db, client, settings, world, who):
    settings.MEDIA_ROOT = world.media
    cache.clear()
    if who != "public":
        client.force_login(world.users[who])
    forms, sent = targets(client, world)
    if who == "admin.pemda":
        _FORMS["forms"] = forms
        # The walk reaches the inputs that gave 500s (issue 14 item 10).
        reached = {(m, a.split("/")[1], n) for m, a, names in forms for n in names}
        for expected in (
            ("get", "kalender", "tahun"),
            ("post", "kalender", "remove"),
            ("post", "penilaian", "monev_score"),
        ):
            assert expected in reached, expected
    failures = []
    for i, (method, action, names) in enumerate(forms):
        # Two requests per form: "²" in every field (isdigit() yet not int()), then the other values rotated
        # through the fields (a different start per form, so every value reaches many fields).
        for data in (
            dict.fromkeys(names, "²"),
            {name: FUZZ[1 + (i + k) % (len(FUZZ) - 1)] for k, name in enumerate(names)},
        ):
            cache.clear()  # rate limits would answer 429 before the input is read
            sent += 1
            if failure := send(client, method, action, data):
                failures.append(failure)
    print(f"fuzz as {who}: {len(forms)} forms and filters, {sent} requests")  # noqa: T201
    assert not failures, "\n".join(failures)


@hsettings(PROFILE, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=st.text(max_size=80))
def test_no_500_for_generated_values(db, client, settings, world, value):
    settings.MEDIA_ROOT = world.media
    client.force_login(world.users["admin.pemda"])
    if "forms" not in _FORMS:
        _FORMS["forms"], _sent = targets(client, world)
    failures = []
    for method, action, names in _FORMS["forms"]:
        cache.clear()
        if failure := send(client, method, action, dict.fromkeys(names, value)):
            failures.append(failure)
    print(f"fuzz (Hypothesis) {value!r}: {len(_FORMS['forms'])} requests")  # noqa: T201
    assert not failures, "\n".join(failures)
