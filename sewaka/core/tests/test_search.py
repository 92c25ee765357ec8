"""The citizen's search key: case, spaces, hyphens and accents do not matter."""

import pytest

from sewaka.core.search import matches, search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("KTP-el", "ktpel"),
        ("ktp el", "ktpel"),
        ("  KTP – el ", "ktpel"),  # en dash and extra spaces
        ("ktpel", "ktpel"),
        ("e-KTP", "ektp"),
        ("Akta Kelahiran (Anak)", "aktakelahirananak"),
        ("Pelayanan ÚMUM", "pelayananumum"),
        ("", ""),
    ],
)
def test_search_key(text, key):
    assert search_key(text) == key


@pytest.mark.parametrize("query", ["ktp el", "KTP-el", "ktpel", "KTP EL", "ktp-el"])
def test_spellings_of_ktp_el_find_the_official_name(query):
    assert matches(query, ["Penerbitan KTP-el"])


def test_e_ktp_needs_the_synonym():
    assert not matches("e-ktp", ["Penerbitan KTP-el"])
    assert matches("e-ktp", ["Penerbitan KTP-el", "e-KTP", "KTP elektronik"])


def test_every_word_may_be_found_apart():
    assert matches("akta lahir", ["Akta Kelahiran"])
    assert not matches("akta nikah", ["Akta Kelahiran"])
    assert matches("", ["anything"])
