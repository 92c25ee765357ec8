import os

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# No per-example time limit: on a loaded CI machine a slow example is not a failure (it made
# property tests flaky); the tests that need fewer examples say so themselves.
hypothesis_settings.register_profile("sewaka", deadline=None)
hypothesis_settings.load_profile("sewaka")

pytest_plugins = ["sewaka.core.tests.personas"]


@pytest.fixture(autouse=True, scope="session")
def _moved_clock():
    """`SEWAKA_TEST_NOW=2027-12-31T23:30+08:00 pytest …` runs the suite as if started at that moment (the
    clock ticks on from it): a test that depends on the real date fails there. Tests that need a date
    freeze it themselves with `time_machine.travel` (house rule)."""
    when = os.environ.get("SEWAKA_TEST_NOW")
    if not when:
        yield
        return
    from datetime import datetime

    import time_machine

    with time_machine.travel(datetime.fromisoformat(when), tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    from django.utils import translation

    translation.activate("id")  # a previous test's request may have left English active in this thread
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
