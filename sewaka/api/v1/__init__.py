"""API v1 at /api/v1/: the NinjaAPI object (schema at openapi.json, docs at docs/ from the package's own
static Swagger UI, no CDN)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import errors
from .auth import TokenAuth
from .endpoints import public, staff

api = NinjaAPI(
    title="Sewaka API",
    version="1",
    description=(
        "API Sewaka: data terbuka (tanpa token) dan data unit untuk staf dengan token API pribadi "
        "(header `Authorization: Bearer TOKEN`). Semua galat berbentuk {detail, code}. Lihat docs/api.md."
    ),
    urls_namespace="api-v1",
    docs=Swagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)
errors.install(api)
api.add_router("/", public)
api.add_router("/", staff)
