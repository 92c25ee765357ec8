from sewaka.api.services import api_token_create


def bearer(user) -> dict:
    _token, secret = api_token_create(actor=None, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"detail", "code", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    if code is not None:
        assert body["code"] == code, body
    if status == 422:
        assert isinstance(body.get("errors"), list)
    return body
