"""Hypothesis over the committed schema: random path, query, header and body values (valid-typed or junk)
for every operation, with and without a token; never a 5xx, and every error in the one JSON shape."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sewaka.api.schema import schema
from sewaka.api.services import api_token_create
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member
from sewaka.surveys.tests.factories import make_period

SCHEMA = None


def _schema():
    global SCHEMA
    if SCHEMA is None:
        SCHEMA = schema()
    return SCHEMA


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def _resolve(node):
    ref = node.get("$ref") if isinstance(node, dict) else None
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return _schema()["components"]["schemas"][name]
    return node


def value_for(node, depth=0):
    """A strategy for a JSON-schema node: a valid-looking value, sometimes junk."""
    node = _resolve(node)
    if depth > 3:
        return junk
    if "anyOf" in node:
        return st.one_of(*(value_for(n, depth + 1) for n in node["anyOf"]), junk)
    kind = node.get("type")
    if kind == "integer":
        lo, hi = node.get("minimum", -(2**40)), node.get("maximum", 2**40)
        return st.one_of(st.integers(lo, hi), st.integers(1, 50), junk)
    if kind == "number":
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), junk)
    if kind == "boolean":
        return st.one_of(st.booleans(), junk)
    if kind == "null":
        return st.none()
    if kind == "string":
        if node.get("format") == "date":
            return st.one_of(st.dates().map(str), st.text(max_size=12))
        if node.get("format") == "date-time":
            return st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=12))
        return st.one_of(st.text(max_size=node.get("maxLength", 40) + 5), junk)
    if kind == "array":
        return st.lists(value_for(node.get("items", {}), depth + 1), max_size=3)
    if kind == "object":
        props = node.get("properties", {})
        if not props:
            from sewaka.surveys.ikm import UNSUR_KEYS

            keys = st.one_of(st.sampled_from(UNSUR_KEYS), st.text(max_size=12))
            return st.dictionaries(keys, st.one_of(st.integers(0, 5), junk), max_size=10)
        return st.fixed_dictionaries(
            {k: value_for(v, depth + 1) for k, v in props.items() if k in node.get("required", [])},
            optional={
                k: value_for(v, depth + 1) for k, v in props.items() if k not in node.get("required", [])
            },
        )
    return junk


def _query_value(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


@st.composite
def calls(draw):
    paths = _schema()["paths"]
    ops = [(p, m, op) for p, methods in paths.items() for m, op in methods.items()]
    path, method, op = draw(st.sampled_from(ops))
    url, query, headers = path, {}, {}
    for param in op.get("parameters", []):
        where, name = param["in"], param["name"]
        if where == "path":
            value = draw(
                st.one_of(st.integers(1, 60), st.integers(-5, 2**70), st.text(min_size=1, max_size=10))
            )
            url = url.replace(
                "{" + name + "}", str(value).replace("/", "_").replace("?", "_").replace("#", "_") or "x"
            )
        elif draw(st.booleans()):
            value = draw(value_for(param["schema"]))
            if where == "query":
                query[name] = _query_value(value)
            elif where == "header":
                headers["HTTP_" + name.upper().replace("-", "_")] = _query_value(value).replace("\n", " ")
    body, content_type = None, None
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        content_type = "application/json"
        body = draw(st.one_of(value_for(content["application/json"]["schema"]), junk, st.text(max_size=20)))
    elif "multipart/form-data" in content:
        content_type = "multipart"
        body = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "description": st.text(max_size=20),
                    "file": st.binary(max_size=64),
                },
            )
        )
    return method, url, query, headers, body, content_type, draw(st.booleans())


@pytest.fixture
def world(tree):
    from sewaka.followups.services import followup_create

    user = make_member(tree.pemda, Role.ADMIN_PEMDA, "fuzz_admin")
    _t, secret = api_token_create(actor=None, user=user, name="fuzz")
    for unit in (tree.pkm_a, tree.pkm_b):
        make_period(unit)
        followup_create(
            source=unit, unit=unit, title="Uji", owner=None, due=unit.created_at.date(), actor=None
        )
    return secret


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(call=calls())
def test_no_server_error_for_any_input(client, world, settings, call):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SEWAKA_API_PUBLIC_RATE = 10**9
    settings.SEWAKA_API_TOKEN_RATE = 10**9
    method, url, query, headers, body, content_type, with_token = call
    if with_token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world}"
    if method == "get":
        response = client.get(url, query, **headers)
    elif content_type == "application/json":
        headers.setdefault("HTTP_IDEMPOTENCY_KEY", str(uuid.uuid4()))
        response = client.post(
            url + "?" + "&".join(f"{k}={v}" for k, v in query.items() if "&" not in v and "#" not in v),
            json.dumps(body),
            content_type="application/json",
            **headers,
        )
    else:
        data = dict(body or {})
        if "file" in data:
            data["file"] = SimpleUploadedFile("x.png", data["file"])
        response = client.post(url, data, **headers)
    assert response.status_code < 500, (method, url, query, body, response.content[:500])
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        shape = response.json()
        assert {"detail", "code"} <= set(shape) <= {"detail", "code", "errors"}, shape
