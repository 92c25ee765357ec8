"""World fixtures for the URL-conf tests (confidentiality crawl, no writes on GET, fuzz)."""

import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The Denpasar demo plus marked complaints, built once per module inside a transaction that is rolled
    back at the end. Tests set `settings.MEDIA_ROOT = world.media` to read its files."""
    from tests.urlconf_kit import build_world

    media = str(tmp_path_factory.mktemp("world-media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        built = build_world()
        built.media = media
        yield built
        transaction.set_rollback(True)
