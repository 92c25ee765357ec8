"""The scheme data format: every shipped file loads, the KIPP facts are as documented, bad data is refused."""

import copy
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from sewaka.innovations.schemes import (
    SCHEMES_DIR,
    AwardHistoryRule,
    CategoryRequiredRule,
    InnovatorSkRequiredRule,
    MinImplementationRule,
    SchemeError,
    WithinCapRule,
    available_schemes,
    load_scheme,
    parse_scheme,
)


def raw(key):
    return json.loads((SCHEMES_DIR / f"{key}.json").read_text(encoding="utf-8"))


def test_every_shipped_scheme_loads_and_is_named_after_its_key():
    keys = available_schemes()
    assert {"kipp-2021", "kipp-2022", "kipp-2023", "lomba-inovasi-denpasar-2026"} <= set(keys)
    for key in keys:
        scheme = load_scheme(key)
        assert scheme.key == key
        for group in scheme.groups:
            if group.aspects:
                assert sum(a.weight for a in group.aspects) == 1


def test_kipp_2023_umum_aspects_and_weights():
    umum = load_scheme("kipp-2023").group("umum")
    assert [(a.name, a.weight_percent) for a in umum.aspects] == [
        ("Ringkasan", Decimal("0")),
        ("Latar belakang dan tujuan", Decimal("10")),
        ("Kebaruan/nilai tambah", Decimal("15")),
        ("Implementasi inovasi", Decimal("5")),
        ("Signifikansi", Decimal("30")),
        ("Adaptabilitas", Decimal("20")),
        ("Sumber daya", Decimal("5")),
        ("Strategi keberlanjutan", Decimal("15")),
    ]
    assert umum.aspect("signifikansi").weight == Fraction(3, 10)
    assert {a.status for a in umum.aspects} == {"corroborated"}
    ringkasan = umum.aspect("ringkasan")
    assert (ringkasan.max_words, ringkasan.max_words_status) == (200, "corroborated")
    others = [a for a in umum.aspects if a.code != "ringkasan"]
    assert {(a.max_words, a.max_words_status) for a in others} == {(None, "unconfirmed")}


def test_kipp_2023_eligibility_rules_as_data():
    k23 = load_scheme("kipp-2023")
    umum, khusus = k23.group("umum"), k23.group("khusus")
    assert [type(r) for r in umum.rules] == [
        MinImplementationRule,
        AwardHistoryRule,
        AwardHistoryRule,
        AwardHistoryRule,
        InnovatorSkRequiredRule,
        WithinCapRule,
    ]
    impl = umum.rules[0]
    assert isinstance(impl, MinImplementationRule)
    assert (impl.years, impl.months, impl.alternatives) == (2, 0, ())
    terpuji = umum.rules[1]
    assert isinstance(terpuji, AwardHistoryRule)
    assert (terpuji.mode, terpuji.awards, terpuji.status) == ("forbid", ("top_terpuji",), "corroborated")
    top99 = umum.rules[3]
    assert isinstance(top99, AwardHistoryRule)
    assert (top99.mode, top99.awards, top99.max_count) == ("max_count", ("top99",), 1)
    assert umum.rules[4].status == "unconfirmed"  # SK: corroborated for 2022, assumed for 2023
    require = khusus.rules[1]
    assert isinstance(require, AwardHistoryRule)
    assert (require.mode, require.year_from, require.year_to, require.groups) == (
        "require",
        2014,
        2021,
        ("umum",),
    )
    outstanding = khusus.rules[3]
    assert isinstance(outstanding, AwardHistoryRule)
    assert (outstanding.awards, outstanding.year_from, outstanding.year_to) == (("outstanding",), 2020, 2022)
    assert k23.categories == () and k23.categories_status == "unconfirmed"
    assert k23.registration_deadline is None and k23.registration_deadline_status == "unconfirmed"
    assert k23.cap_per_instance is None
    assert {"registration_deadline", "cap_per_instance", "categories"} <= set(k23.unconfirmed_facts())
    assert "groups.umum.aspects.kebaruan.max_words" in k23.unconfirmed_facts()
    assert "groups.umum.aspects.ringkasan.max_words" not in k23.unconfirmed_facts()
    assert k23.award("top99").name == "Top 99"


def test_kipp_2021_and_2022():
    k21 = load_scheme("kipp-2021")
    assert [g.code for g in k21.groups] == ["umum", "replikasi", "khusus"]
    assert len(k21.categories) == 10 and k21.categories_status == "confirmed"
    years = {g.code: g.rules[0].years for g in k21.groups if isinstance(g.rules[0], MinImplementationRule)}
    assert years == {"umum": 2, "replikasi": 1, "khusus": 2}
    assert any(isinstance(r, CategoryRequiredRule) for r in k21.group("umum").rules)
    k22 = load_scheme("kipp-2022")
    assert [g.code for g in k22.groups] == ["umum", "khusus"]
    assert len(k22.categories) == 3
    impl = k22.group("umum").rules[0]
    assert isinstance(impl, MinImplementationRule)
    assert [(a.when, a.years) for a in impl.alternatives] == [("pandemic_related", 1)]
    sk = [r for r in k22.group("umum").rules if isinstance(r, InnovatorSkRequiredRule)]
    assert [r.status for r in sk] == ["corroborated"]


def test_example_scheme_is_flagged():
    dps = load_scheme("lomba-inovasi-denpasar-2026")
    assert dps.example and dps.status == "unconfirmed"
    assert (dps.scale.min, dps.scale.max) == (Decimal(1), Decimal(10))
    assert dps.registration_deadline == date(2026, 8, 31)
    assert dps.cap_per_instance == 3
    assert dps.group("perangkat_daerah").aspect("replikasi").weight == Fraction(9, 40)


def broken(mutate):
    data = copy.deepcopy(raw("kipp-2023"))
    mutate(data)
    return data


def _set(path, value):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set(["groups", 0, "aspects", 1, "weight"], "9"), "harus 100 %, tertulis 99 %"),
        (_set(["groups", 0, "aspects", 1, "weight"], "abc"), "bukan bilangan desimal"),
        (_set(["groups", 0, "aspects", 1, "weight"], 10.5), "teks desimal"),
        (
            _set(["groups", 0, "aspects", 1, "code"], "ringkasan"),
            "kode aspek 'ringkasan' muncul lebih dari sekali",
        ),
        (_set(["groups", 1, "code"], "umum"), "kode kelompok 'umum' muncul lebih dari sekali"),
        (
            _set(["groups", 0, "rules", 0, "type"], "umur_minimal"),
            "jenis aturan 'umur_minimal' tidak dikenal",
        ),
        (_set(["groups", 0, "rules", 1, "mode"], "maybe"), "mode 'maybe' tidak dikenal"),
        (_set(["groups", 0, "rules", 1, "awards"], ["juara_9"]), "penghargaan tidak dikenal: juara_9"),
        (_set(["groups", 0, "rules", 1, "years"], {"from": 2022, "to": 2014}), "tahun awal 2022 sesudah"),
        (_set(["groups", 0, "rules", 0, "years"], 0), "harus lebih dari 0"),
        (_set(["groups", 0, "status"], "maybe"), "status 'maybe' tidak dikenal"),
        (_set(["registration_deadline", "value"], "2023-02-30"), "tanggal tidak sah"),
        (_set(["cap_per_instance", "value"], 0), "tidak boleh kurang dari 1"),
        (_set(["scale"], {"min": 100, "max": 0}), "harus lebih kecil"),
        (_set(["groups"], []), "sedikitnya satu kelompok"),
        (_set(["format"], 2), "tidak didukung"),
        (_set(["groups", 0, "aspects", 0, "max_words"], 200), "harus berupa objek"),
    ],
)
def test_invalid_scheme_refused(mutate, message):
    with pytest.raises(SchemeError, match=message):
        parse_scheme(broken(mutate))


def test_category_rule_must_name_known_categories():
    def mutate(data):
        data["groups"][0]["rules"].append(
            {"type": "category_required", "categories": ["x"], "status": "unconfirmed"}
        )

    with pytest.raises(SchemeError, match="kategori tidak dikenal: x"):
        parse_scheme(broken(mutate))


def test_load_errors(tmp_path):
    with pytest.raises(SchemeError, match="tidak ditemukan"):
        load_scheme("kipp-1999")
    with pytest.raises(SchemeError, match="tidak sah"):
        load_scheme("KIPP 2023")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(SchemeError, match="bukan JSON"):
        load_scheme(bad)
    with pytest.raises(SchemeError, match="harus berupa objek"):
        parse_scheme([])  # type: ignore[arg-type]
