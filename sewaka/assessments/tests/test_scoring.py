"""Tests for the pure assessment scoring engine (no Django needed).

Run: .venv/bin/pytest -q sewaka/assessments -p no:django
"""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sewaka.assessments.scoring import (
    InstrumentError,
    available_instruments,
    band_for,
    classify,
    from_dict,
    load_instrument,
    score,
    score_dimensions,
    to_dict,
)
from sewaka.assessments.scoring.__main__ import main
from sewaka.assessments.scoring.engine import INSTRUMENTS_DIR, parse_instrument, round_value

CODES = (
    "monev-denpasar",
    "ombudsman-2013-2021",
    "ombudsman-2022-2024",
    "ombudsman-2025-opini",
    "pekppp-2023",
)
SCORING_DIR = Path(__file__).resolve().parent.parent / "scoring"


@pytest.fixture(scope="module")
def instruments():
    return {code: load_instrument(code) for code in CODES}


def _raw(code: str) -> dict:
    return json.loads((INSTRUMENTS_DIR / f"{code}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Files and purity


def test_all_instruments_ship_and_load(instruments):
    assert available_instruments() == CODES
    for code, inst in instruments.items():
        assert inst.code == code
        assert inst.indicators


def test_scoring_package_imports_no_django():
    for path in SCORING_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"


@pytest.mark.parametrize("code", CODES)
def test_every_number_has_status_and_source(code):
    data = _raw(code)
    allowed = {"confirmed", "corroborated", "unconfirmed", "city-decision"}
    for dim in data["dimensions"]:
        assert dim["weight_status"] in allowed and dim["weight_source"]
        for ind in dim["indicators"]:
            assert ind["weight_status"] in allowed and ind["weight_source"]
    for band in data["bands"] or ():
        assert band["status"] in allowed and band["source"]
    assert data["rounding"] == data["rounding"] | {"places": 2, "mode": "half_up"}


def test_dimension_weights_sum_to_100_where_known(instruments):
    for inst in instruments.values():
        weights = inst.dimension_weights()
        assert sum(weights.values()) == 100, inst.code
    ombudsman = instruments["ombudsman-2022-2024"]
    assert {d.code: d.weight for d in ombudsman.dimensions} == {
        "input": Fraction("21.85"),
        "proses": Fraction("32.37"),
        "output": Fraction("24.24"),
        "pengaduan": Fraction("21.54"),
    }
    pekppp = instruments["pekppp-2023"]
    assert [d.weight for d in pekppp.dimensions] == [24, 25, 18, 11, 10, 12, 0]


def test_pekppp_indicator_weights_sum_to_100_per_aspect(instruments):
    pekppp = instruments["pekppp-2023"]
    assert len(pekppp.indicators) == 31
    for dim in pekppp.dimensions:
        total = sum(i.weight for i in dim.indicators)
        assert total == (0 if dim.weight == 0 else 100), dim.code
    assert [pekppp.indicator(str(n)).weight for n in range(1, 10)] == [17, 14, 7, 14, 10, 17, 7, 7, 7]
    assert pekppp.indicator("31").weight == 0


def test_pekppp_statuses(instruments):
    pekppp = instruments["pekppp-2023"]
    statuses = {i.code: i.weight_provenance for i in pekppp.indicators}
    assert all(statuses[str(n)].status == "confirmed" for n in range(1, 8))
    assert all(statuses[str(n)].status == "corroborated" and statuses[str(n)].weak for n in (8, 9))
    assert all(statuses[str(n)].status == "unconfirmed" for n in range(10, 32))
    assert all(b.provenance.status == "unconfirmed" for b in pekppp.bands)
    assert pekppp.formula_provenance.status == "inferred"
    assert pekppp.indicator("1").descriptor(2) == "Tersedia SP yang memenuhi 14 komponen."
    assert pekppp.indicator("1").descriptors_provenance.status == "confirmed"
    assert pekppp.indicator("6").descriptors_provenance.status == "corroborated"


def test_opini_2025_weights_equal_split_of_70(instruments):
    opini = instruments["ombudsman-2025-opini"]
    weights = opini.dimension_weights()
    assert weights == {
        "input": Fraction(35, 2),
        "proses": Fraction(35, 2),
        "output": Fraction(35, 2),
        "pengaduan": Fraction(35, 2),
        "kepercayaan": 30,
    }
    assert opini.bands is None


# ---------------------------------------------------------------------------
# Band boundaries


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("ombudsman-2022-2024", "100", "A"),
        ("ombudsman-2022-2024", "88.00", "A"),
        ("ombudsman-2022-2024", "87.99", "B"),
        ("ombudsman-2022-2024", "78.00", "B"),
        ("ombudsman-2022-2024", "77.99", "C"),
        ("ombudsman-2022-2024", "54.00", "C"),
        ("ombudsman-2022-2024", "53.99", "D/E"),
        ("ombudsman-2022-2024", "0", "D/E"),
        ("ombudsman-2013-2021", "100", "hijau"),
        ("ombudsman-2013-2021", "81.00", "hijau"),
        ("ombudsman-2013-2021", "80.99", "kuning"),
        ("ombudsman-2013-2021", "51.00", "kuning"),
        ("ombudsman-2013-2021", "50.99", "merah"),
        ("ombudsman-2013-2021", "0", "merah"),
        ("pekppp-2023", "5", "A"),
        ("pekppp-2023", "4.51", "A"),
        ("pekppp-2023", "4.50", "A-"),
        ("pekppp-2023", "4.01", "A-"),
        ("pekppp-2023", "4.00", "B"),
        ("pekppp-2023", "3.51", "B"),
        ("pekppp-2023", "3.50", "B-"),
        ("pekppp-2023", "3.01", "B-"),
        ("pekppp-2023", "3.00", "C"),
        ("pekppp-2023", "2.51", "C"),
        ("pekppp-2023", "2.50", "C-"),
        ("pekppp-2023", "2.01", "C-"),
        ("pekppp-2023", "2.00", "D"),
        ("pekppp-2023", "1.51", "D"),
        ("pekppp-2023", "1.50", "E"),
        ("pekppp-2023", "1.01", "E"),
        ("pekppp-2023", "1.00", "F"),
        ("pekppp-2023", "0", "F"),
        ("monev-denpasar", "100", "siap"),
        ("monev-denpasar", "85.00", "siap"),
        ("monev-denpasar", "84.99", "perlu-perbaikan"),
        ("monev-denpasar", "60.00", "perlu-perbaikan"),
        ("monev-denpasar", "59.99", "belum-siap"),
        ("monev-denpasar", "0", "belum-siap"),
    ],
)
def test_band_boundaries(instruments, code, value, expected):
    assert band_for(instruments[code], Decimal(value)).code == expected


def test_ombudsman_2022_labels_and_zones(instruments):
    inst = instruments["ombudsman-2022-2024"]
    got = {b.code: (b.label, b.zone) for b in inst.bands}
    assert got == {
        "A": ("Kualitas Tertinggi", "hijau"),
        "B": ("Kualitas Tinggi", "hijau"),
        "C": ("Kualitas Sedang", "kuning"),
        "D/E": ("Kualitas Rendah/Terendah", "merah"),
    }
    cls = classify(inst, "53.99")
    assert any("D/E" in w and "belum terkonfirmasi" in w for w in cls.warnings)
    assert classify(inst, "54").warnings == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("87.995"), "A"),
        (Fraction(87995, 1000), "A"),
        ("87,995", "A"),
        (Decimal("87.9949999"), "B"),
        (Decimal("77.995"), "B"),
        (Decimal("53.995"), "C"),
        (Decimal("53.9949"), "D/E"),
    ],
)
def test_rounding_before_lookup(instruments, value, expected):
    inst = instruments["ombudsman-2022-2024"]
    assert band_for(inst, value).code == expected


def test_rounding_half_up_not_half_even():
    assert round_value(Fraction("87.985"), 2, "half_up") == Decimal("87.99")
    assert round_value(Fraction("87.985"), 2, "half_even") == Decimal("87.98")
    assert round_value(Fraction("4.505"), 2) == Decimal("4.51")


def test_pekppp_rounding_edge(instruments):
    inst = instruments["pekppp-2023"]
    assert band_for(inst, Decimal("4.505")).code == "A"
    assert band_for(inst, Decimal("4.5049")).code == "A-"
    assert any("Rentang kategori belum terkonfirmasi" in w for w in classify(inst, "4.2").warnings)


def test_band_for_out_of_range(instruments):
    with pytest.raises(ValueError, match="di luar rentang"):
        band_for(instruments["pekppp-2023"], "5.01")
    with pytest.raises(ValueError, match="di luar rentang"):
        band_for(instruments["ombudsman-2022-2024"], "-0.01")
    assert band_for(instruments["ombudsman-2022-2024"], "100.004").code == "A"  # rounds to 100.00


def test_opini_2025_returns_no_category(instruments):
    inst = instruments["ombudsman-2025-opini"]
    assert band_for(inst, 99) is None
    cls = classify(inst, "99.5")
    assert cls.band is None
    assert "Belum ada rentang kategori resmi" in cls.reason
    answers = {i.code: 100 for i in inst.indicators}
    result = score(inst, answers)
    assert result.total == Decimal("100.00")
    assert (result.category, result.label, result.zone) == (None, None, None)
    assert "Belum ada rentang kategori resmi" in result.reason


# ---------------------------------------------------------------------------
# Scoring


def test_ombudsman_2022_items_scaled_to_100(instruments):
    inst = instruments["ombudsman-2022-2024"]
    answers = {i.code: 3 for i in inst.indicators}
    answers["output.persepsi"] = 2
    result = score(inst, answers)
    assert result.complete
    assert result.dimension("output").score == Fraction(200, 3)
    assert result.dimension("proses").score == 100
    expected = Fraction("21.85") + Fraction("32.37") + Fraction("24.24") * Fraction(2, 3) + Fraction("21.54")
    assert result.total_exact == expected
    assert result.total == Decimal("91.92")
    assert result.category == "A"
    assert any("belum diketahui; dipakai bobot sama" in w for w in result.warnings)
    assert any("Rumus agregasi disimpulkan" in w for w in result.warnings)


def test_missing_answers_mark_incomplete(instruments):
    inst = instruments["pekppp-2023"]
    answers = {i.code: 4 for i in inst.indicators}
    answers["2"] = None
    del answers["29"]
    del answers["31"]  # weight 0: not counted as missing
    answers["1"] = 5
    result = score(inst, answers)
    assert not result.complete
    assert result.missing == ("2", "29")
    assert "2, 29" in result.reason
    keb = result.dimension("kebijakan")
    assert (keb.answered, keb.total) == (8, 9)
    # mean over answered weights: (17×5 + 69×4) ÷ 86
    assert keb.score == Fraction(17 * 5 + 69 * 4, 86)
    assert "belum dijawab: 2" in keb.reason
    assert result.dimension("inovasi").score == 4
    assert result.line("2").contribution is None


def test_dimension_without_answers_makes_total_undefined(instruments):
    inst = instruments["ombudsman-2022-2024"]
    answers = {i.code: 3 for i in inst.indicators if not i.code.startswith("proses.")}
    result = score(inst, answers)
    assert result.total is None and result.total_exact is None and result.category is None
    assert not result.complete
    assert "dimensi Proses belum memiliki jawaban" in result.reason


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"1": 6}, "di luar skala 0–5"),
        ({"1": -1}, "di luar skala 0–5"),
        ({"1": 2.5}, "harus bilangan bulat"),
        ({"1": True}, "harus bilangan bulat"),
        ({"1": "3"}, "harus bilangan bulat"),
        ({"99": 3}, "Kode indikator tidak dikenal"),
    ],
)
def test_invalid_answers_raise_indonesian_errors(instruments, answers, message):
    with pytest.raises(ValueError, match=message):
        score(instruments["pekppp-2023"], answers)


def test_monev_equal_weights(instruments):
    inst = instruments["monev-denpasar"]
    codes = [i.code for i in inst.indicators]
    assert len(codes) == 8
    answers = dict.fromkeys(codes, 1)
    answers[codes[0]] = 0
    result = score(inst, answers)
    assert result.total == Decimal("87.50") and result.label == "Siap"
    answers[codes[1]] = 0
    result = score(inst, answers)
    assert result.total == Decimal("75.00") and result.label == "Perlu perbaikan"
    assert result.warnings == ()  # the city's own decisions are not "unconfirmed"


def test_ombudsman_2013_warns_everything_but_bands(instruments):
    inst = instruments["ombudsman-2013-2021"]
    answers = {i.code: 1 for i in inst.indicators}
    result = score(inst, answers)
    assert result.total == Decimal("100.00") and result.category == "hijau"
    text = " ".join(result.warnings)
    assert "Skala butir 0–1 belum terkonfirmasi" in text
    assert "Bobot indikator dimensi" in text
    assert "Rentang kategori" not in text


def test_to_dict_is_json_serialisable(instruments):
    inst = instruments["pekppp-2023"]
    result = score(inst, {i.code: 3 for i in inst.indicators})
    data = json.loads(json.dumps(to_dict(result), ensure_ascii=False))
    assert data["total"] == "3.00" and data["category"] == "C"
    assert data["total_display"] == "3,00"
    assert len(data["indicators"]) == 31


@pytest.mark.parametrize("code", CODES)
def test_a_result_read_back_from_its_dict_is_the_same_result(instruments, code):
    inst = instruments[code]
    # A mix of answers across the scale and one unanswered indicator (incomplete, with warnings).
    answers = {i.code: (inst.scale_min + n) % (inst.scale_max + 1) for n, i in enumerate(inst.indicators)}
    answers[inst.indicators[0].code] = None
    result = score(inst, answers)
    data = json.loads(json.dumps(to_dict(result), ensure_ascii=False))
    assert from_dict(data) == result


def test_a_result_stored_before_exact_values_reads_the_rounded_ones(instruments):
    inst = instruments["pekppp-2023"]
    result = score(inst, {i.code: 3 for i in inst.indicators})
    data = to_dict(result)
    for line in data["indicators"]:
        del line["value_exact"]
    for line in data["dimensions"]:
        del line["contribution_exact"]
    old = from_dict(data)
    # Answer 3 on the PEKPPP scale is the value 3 exactly; totals and categories are the stored ones.
    assert old.indicators[0].value == Fraction(3) and old.total == Decimal("3.00") and old.category == "C"
    assert old.dimensions == result.dimensions


# ---------------------------------------------------------------------------
# Loader validation


def test_unknown_instrument_code():
    with pytest.raises(InstrumentError, match="tidak ditemukan"):
        load_instrument("tidak-ada")
    with pytest.raises(InstrumentError, match="tidak sah"):
        load_instrument("Kode Aneh!")
    with pytest.raises(InstrumentError, match="NUL"):
        load_instrument("pekppp\x00")
    with pytest.raises(InstrumentError, match="tidak ditemukan"):
        load_instrument("../../tidak/ada.json")


def test_band_gap_is_rejected():
    data = _raw("ombudsman-2022-2024")
    data["bands"][1]["lower"] = "54.01"  # gap between 53.99 and 54.01
    with pytest.raises(InstrumentError, match="tepat sebelum"):
        parse_instrument(data)


def test_weights_not_summing_to_100_are_rejected():
    data = _raw("ombudsman-2022-2024")
    data["dimensions"][0]["weight"] = "21.84"
    with pytest.raises(InstrumentError, match="harus 100 %"):
        parse_instrument(data)
    data = _raw("pekppp-2023")
    data["dimensions"][0]["indicators"][0]["weight"] = "16"
    with pytest.raises(InstrumentError, match="harus 100 %"):
        parse_instrument(data)


def test_number_without_source_is_rejected():
    data = _raw("monev-denpasar")
    data["bands"][0]["source"] = ""
    with pytest.raises(InstrumentError, match="sumber"):
        parse_instrument(data)


def test_load_by_path(tmp_path):
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(_raw("monev-denpasar")), encoding="utf-8")
    assert load_instrument(str(path)).code == "monev-denpasar"


# ---------------------------------------------------------------------------
# Properties


def _answers_strategy(code: str):
    inst = load_instrument(code)
    return st.fixed_dictionaries(
        {i.code: st.one_of(st.none(), st.integers(inst.scale_min, inst.scale_max)) for i in inst.indicators}
    )


@pytest.mark.parametrize("code", CODES)
def test_total_within_range_property(code):
    inst = load_instrument(code)

    @settings(max_examples=60, deadline=None)
    @given(_answers_strategy(code))
    def check(answers):
        result = score(inst, answers)
        if result.total_exact is not None:
            assert inst.total_min <= result.total_exact <= inst.total_max
            assert inst.total_min <= Fraction(result.total) <= inst.total_max
            assert result.complete == (not result.missing)
        if inst.bands is None:
            assert result.category is None

    check()


@pytest.mark.parametrize("code", CODES)
def test_monotonic_property(code):
    inst = load_instrument(code)
    codes = [i.code for i in inst.indicators]

    @settings(max_examples=60, deadline=None)
    @given(_answers_strategy(code), st.sampled_from(codes), st.data())
    def check(answers, target, data):
        current = answers[target]
        if current is None or current == inst.scale_max:
            return
        raised = dict(answers)
        raised[target] = data.draw(st.integers(current + 1, inst.scale_max))
        before, after = score(inst, answers), score(inst, raised)
        if before.total_exact is None:
            assert after.total_exact is None
            return
        assert after.total_exact >= before.total_exact
        assert after.total >= before.total
        if inst.bands is not None:
            assert band_for(inst, after.total).lower >= band_for(inst, before.total).lower

    check()


# ---------------------------------------------------------------------------
# Worked examples of docs/scoring.md, section "Assessment instruments"


def test_scoring_md_assessment_example_1(instruments):
    inst = instruments["ombudsman-2022-2024"]
    result = score_dimensions(
        inst, {"input": "80.00", "proses": "90.00", "output": "85.00", "pengaduan": "95.00"}
    )
    assert [d.contribution for d in result.dimensions] == [
        Fraction("17.48"),
        Fraction("29.133"),
        Fraction("20.604"),
        Fraction("20.463"),
    ]
    assert result.total_exact == Fraction("87.68")
    assert (result.total, result.category, result.label, result.zone) == (
        Decimal("87.68"),
        "B",
        "Kualitas Tinggi",
        "hijau",
    )
    # the rounding edge of the same example's text: every dimension at 87.995 gives 87.995 → 88.00 → A
    edge = score_dimensions(inst, dict.fromkeys(("input", "proses", "output", "pengaduan"), "87.995"))
    assert edge.total_exact == Fraction("87.995") and edge.total == Decimal("88.00") and edge.category == "A"


PEKPPP_EXAMPLE = {
    "1": 5, "2": 4, "3": 4, "4": 4, "5": 5, "6": 5, "7": 4, "8": 4, "9": 3,
    "10": 5, "11": 5, "12": 4, "13": 3, "14": 4,
    "15": 4, "16": 4, "17": 4, "18": 3, "19": 4, "20": 5,
    "21": 5, "22": 4, "23": 4, "24": 4,
    "25": 5, "26": 5, "27": 4, "28": 4,
    "29": 5, "30": 4,
}  # fmt: skip


def test_scoring_md_assessment_example_2(instruments):
    inst = instruments["pekppp-2023"]
    result = score(inst, PEKPPP_EXAMPLE)
    scores = {d.code: d.score for d in result.dimensions}
    assert scores == {
        "kebijakan": Fraction("4.37"),
        "sdm": Fraction("4.10"),
        "sarpras": Fraction("3.91"),
        "sipp": Fraction("4.30"),
        "konsultasi-pengaduan": Fraction("4.45"),
        "inovasi": Fraction("4.50"),
        "informasi-tambahan": None,
    }
    assert result.total_exact == Fraction("4.2356")
    assert result.total == Decimal("4.24")
    assert (result.category, result.label) == ("A-", "Sangat Baik")
    assert result.complete  # indicator 31 (weight 0) may stay empty
    text = " ".join(result.warnings)
    assert "Rentang kategori belum terkonfirmasi" in text
    assert "Rumus agregasi disimpulkan" in text


def test_scoring_md_assessment_example_3(instruments):
    inst = instruments["ombudsman-2025-opini"]
    result = score_dimensions(
        inst, {"input": "96", "proses": "94", "output": "90", "pengaduan": "98", "kepercayaan": "92"}
    )
    assert result.total_exact == Fraction("93.75")
    assert result.total == Decimal("93.75")
    assert result.category is None
    assert "Belum ada rentang kategori resmi" in result.reason
    assert sum("dipakai bagian rata 17,5 %" in w for w in result.warnings) == 4


# ---------------------------------------------------------------------------
# CLI


def test_cli_score(capsys):
    assert main(["ombudsman-2022-2024", "--score", "87.995"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("score", "category", "zone", "label")} == {
        "score": "88.00",
        "category": "A",
        "zone": "hijau",
        "label": "Kualitas Tertinggi",
    }
    assert "dibulatkan" in out["reason"]


def test_cli_score_without_bands(capsys):
    assert main(["ombudsman-2025-opini", "--score", "95"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["category"] is None and out["zone"] is None and out["label"] is None
    assert out["reason"].startswith("Belum ada rentang kategori resmi")


def test_cli_answers_file(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(PEKPPP_EXAMPLE), encoding="utf-8")
    assert main(["pekppp-2023", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == "4.24" and out["category"] == "A-"
    assert out["warnings"]


def test_cli_dimension_scores_file(tmp_path, capsys):
    path = tmp_path / "dims.json"
    path.write_text(json.dumps({"dimensions": {"input": 80, "proses": 90, "output": 85, "pengaduan": 95}}))
    instrument_path = INSTRUMENTS_DIR / "ombudsman-2022-2024.json"
    assert main([str(instrument_path), str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == "87.68" and out["category"] == "B"


@pytest.mark.parametrize(
    ("argv", "content", "message"),
    [
        (["tidak-ada", "--score", "1"], None, "tidak ditemukan"),
        (["pekppp-2023", "--score", "abc"], None, "bukan angka"),
        (["pekppp-2023", "--score", "inf"], None, "bukan angka"),
        (["pekppp-2023", "--score", "nan"], None, "bukan angka"),
        (["pekppp-2023", "--score", "5.5"], None, "di luar rentang"),
        (["pekppp-2023"], None, "tepat satu"),
        (["pekppp-2023", "ANSWERS"], '{"1": 7}', "di luar skala"),
        (["pekppp-2023", "ANSWERS"], "{bukan json", "bukan JSON"),
        (["pekppp-2023", "ANSWERS"], "[1, 2]", "objek JSON"),
        (["pekppp-2023", "/tidak/ada.json"], None, "tidak ditemukan"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path, capsys, argv, content, message):
    if content is not None:
        path = tmp_path / "answers.json"
        path.write_text(content, encoding="utf-8")
        argv = [str(path) if a == "ANSWERS" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat:") and message in err
