"""The OpenAPI schema as committed at docs/api/openapi.json: the served schema, serialised stably."""

from __future__ import annotations

import json

from django.utils import translation

SCHEMA_PATH = "docs/api/openapi.json"


def schema() -> dict:
    from sewaka.api.v1 import api  # noqa: PLC0415 (the API imports the URLconf's apps; read on demand)

    with translation.override("id"):
        return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
