"""The committed OpenAPI schema (docs/api/openapi.json) is the served one, and the docs page needs no CDN."""

import json
from pathlib import Path

from django.conf import settings

from sewaka.api.schema import SCHEMA_PATH, schema_text


def test_committed_schema_matches_the_served_one(client, db):
    committed = Path(settings.BASE_DIR) / SCHEMA_PATH
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    text = schema_text()
    assert json.loads(text) == json.loads(json.dumps(served.json())), (
        "the schema command and the served schema differ"
    )
    assert committed.exists() and committed.read_text(encoding="utf-8") == text, (
        f"{SCHEMA_PATH} is out of date: run `make api-schema` and commit it"
    )


def test_docs_page_is_served_without_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui-init.js")


def test_every_operation_documents_the_error_shape():
    from sewaka.api.schema import schema

    for path, methods in schema()["paths"].items():
        for method, op in methods.items():
            codes = set(op["responses"])
            assert {"404", "422", "429"} <= codes, (method, path, codes)
            if op.get("security"):
                assert {"401", "403"} <= codes, (method, path, codes)
