"""URLconf for the benchmarks: the real site plus a bare view that inserts one response.

The bare view is the floor for the public submission benchmark: same middleware, same server process,
same database and table, but no form, no checks, no template and no audit event.
"""

from django.http import HttpResponseRedirect
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Response


def bare_submit(request, period_id, unit_id):
    """One INSERT into surveys_response, then the same kind of redirect the real view answers."""
    Response.objects.create(
        period_id=period_id,
        unit_id=unit_id,
        service_id=int(request.POST["service"]),
        idempotency_key=request.POST["idempotency_key"],
        **{key: int(request.POST[key]) for key in UNSUR_KEYS},
    )
    return HttpResponseRedirect("/")


urlpatterns = [
    *site_urlpatterns,
    path("bench/bare/<int:period_id>/<int:unit_id>/", bare_submit, name="bench_bare_submit"),
]
