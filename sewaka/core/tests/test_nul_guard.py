"""A NUL byte anywhere in a request answers 400 with an Indonesian page (PostgreSQL rejects NUL in text)."""

import pytest


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/pengaduan-staf/?tab=a%00b", None),
        ("post", "/pengaduan-staf/", {"q": "kode\x00"}),
        ("post", "/pengaduan/lacak/", {"code": "\x00SWK"}),
    ],
)
def test_a_nul_byte_is_refused_with_a_clear_page(client, admin_pemda, method, path, data):
    client.force_login(admin_pemda)
    response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.content.decode()


def test_a_posted_form_without_nul_is_untouched(client, admin_pemda):
    client.force_login(admin_pemda)
    assert client.post("/pengaduan-staf/", {"q": "kode"}).status_code == 200
