"""Issue 14 item 9: every state change is a POST. Every pattern of the URL conf is fetched by GET (real ids of
the Denpasar demo) as admin pemda, an operator and the public; no GET may write a row.

Writes are caught as SQL (INSERT, UPDATE, DELETE), which also sees updates a row count would miss. Sessions,
the cache table and login bookkeeping are infrastructure, not data, and are ignored.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.urlconf_kit import all_urls

WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)
IGNORED_TABLES = {
    "django_session",
    "sewaka_cache",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}


def writes_of(queries) -> list[str]:
    found = []
    for q in queries:
        match = WRITE.match(q["sql"])
        if match and match.group(2).lower() not in IGNORED_TABLES:
            found.append(f"{match.group(1).split()[0].upper()} {match.group(2)}")
    return found


@pytest.mark.parametrize("who", ["admin.pemda", "operator.pkm1", "public"])
def test_no_get_writes_a_row(db, client, settings, world, who):
    settings.MEDIA_ROOT = world.media
    cache.clear()
    if who != "public":
        client.force_login(world.users[who])
    offenders, sent = [], 0
    for _route, url in all_urls(world):
        with CaptureQueriesContext(connection) as ctx:
            try:
                client.get(url)
            except Exception as exc:  # noqa: BLE001 - crashes are the fuzz test's business
                offenders.append(f"{url}: crashed ({type(exc).__name__})")
                continue
        sent += 1
        if writes := writes_of(ctx.captured_queries):
            offenders.append(f"{url}: {', '.join(sorted(set(writes)))}")
    print(f"no-write-on-GET as {who}: {sent} GET requests")  # noqa: T201
    assert not offenders, "\n".join(offenders)


def test_the_detector_sees_a_write(db, world):
    """The check can fail: a service call inside the capture is reported."""
    from sewaka.core.services import dayoff_set

    with CaptureQueriesContext(connection) as ctx:
        dayoff_set(
            actor=None, pemda=None, date=__import__("datetime").date(2031, 1, 2), kind="local", name="Uji"
        )
    assert any(w.startswith("INSERT core_dayoff") for w in writes_of(ctx.captured_queries))
