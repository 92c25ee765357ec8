from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from sewaka.api.v1 import api as api_v1
from sewaka.api.v1.errors import json_not_found, wrap_urls
from sewaka.home import views as home_views

urlpatterns = [
    path("", include("sewaka.home.urls")),
    path("healthz", home_views.healthz, name="healthz"),
    path("akun/token-api/", include("sewaka.api.urls")),
    path("akun/", include("sewaka.accounts.urls")),
    path("api/v1/", wrap_urls(api_v1.urls)),
    re_path(r"^api/", json_not_found),  # any other /api/ path: the API's error shape
    path("unit/", include("sewaka.organisations.urls")),
    path("tindak-lanjut/", include("sewaka.followups.urls")),
    path("skm/", include("sewaka.surveys.urls")),
    path("standar/", include("sewaka.standards.urls")),
    path("fkp/", include("sewaka.consultations.urls")),
    path("", include("sewaka.standards.public_urls")),
    path("", include("sewaka.home.public_urls")),  # the public unit page composes standards, SKM, FKP
    path("", include("sewaka.consultations.public_urls")),
    path("pengaduan-staf/", include("sewaka.complaints.urls")),
    path("penilaian/", include("sewaka.assessments.urls")),
    path("kewajiban/", include("sewaka.obligations.urls")),
    path("koordinasi/", include("sewaka.events.urls")),
    path("inovasi-staf/", include("sewaka.innovations.urls")),
    path("dasbor/", include("sewaka.dashboard.urls")),
    path("data/", include("sewaka.opendata.urls")),
    path("open311/", include("sewaka.open311.urls")),
    path("", include("sewaka.events.public_urls")),
    path("", include("sewaka.innovations.public_urls")),
    path("", include("sewaka.complaints.public_urls")),
    # Public SKM: short URLs for QR codes at the counter.
    path("", include("sewaka.surveys.public_urls")),
    path("bahasa/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "sewaka.home.views.error_400"
handler403 = "sewaka.home.views.error_403"
handler404 = "sewaka.home.views.error_404"
handler500 = "sewaka.home.views.error_500"

admin.site.site_header = f"{settings.SITE_NAME} — administrasi"
admin.site.site_title = settings.SITE_NAME
