"""Settings of the HTTP load benchmark (`make bench-http`, bench/load.py): production settings plus the
benchmark's URLconf (bench/urls.py: the real site and a bare insert view). Never used by a deployment.

Production settings: DEBUG off (no query log), the real middleware, sessions, CSRF and cache. Two things
differ, both outside what a submission does: the static files storage does not need `collectstatic` (the
readiness probe renders the form; a POST renders no template), and plain HTTP on loopback (no TLS
redirect). The rate limit is raised through its environment variable by bench/load.py, and
SEWAKA_TRUSTED_PROXIES=127.0.0.1 makes X-Forwarded-For the respondent's address, as behind a proxy.
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "bench.urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
