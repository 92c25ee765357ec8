"""Tests for the pure SKM index engine (no Django needed).

Run: .venv/bin/python -m pytest sewaka/surveys/tests/test_ikm.py -p no:django -q
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sewaka.surveys import ikm
from sewaka.surveys.ikm import (
    BANDS,
    UNSUR_KEYS,
    UNSUR_LABELS,
    UnsurAggregate,
    band_for,
    compute_from_aggregates,
    compute_from_answers,
    format_id,
    krejcie_morgan,
    main,
    parse_answers_csv,
    to_dict,
)

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def uniform(total: int, count: int) -> dict[str, tuple[int, int]]:
    """Same (total, count) for every unsur."""
    return dict.fromkeys(UNSUR_KEYS, (total, count))


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",", bom: bool = False
) -> Path:
    text = "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


# --- constants -----------------------------------------------------------------------------


def test_unsur_keys_and_labels():
    assert len(UNSUR_KEYS) == 9 and len(set(UNSUR_KEYS)) == 9
    assert set(UNSUR_LABELS) == set(UNSUR_KEYS)
    assert UNSUR_LABELS["biaya"] == "Biaya/Tarif"
    assert UNSUR_LABELS["pengaduan"] == "Penanganan Pengaduan, Saran dan Masukan"
    assert UNSUR_LABELS["prosedur"] == "Sistem, Mekanisme, dan Prosedur"


def test_bands_table():
    assert [(b.mutu, b.kinerja, str(b.lower), str(b.upper)) for b in BANDS] == [
        ("D", "Tidak baik", "25.00", "64.99"),
        ("C", "Kurang baik", "65.00", "76.60"),
        ("B", "Baik", "76.61", "88.30"),
        ("A", "Sangat baik", "88.31", "100.00"),
    ]


@pytest.mark.parametrize(
    ("value", "mutu"),
    [
        ("25.00", "D"),
        ("64.99", "D"),
        ("64.994", "D"),
        ("64.995", "C"),  # read from the value rounded half-up to two decimals
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.605", "B"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100.00", "A"),
    ],
)
def test_band_for(value, mutu):
    assert band_for(Decimal(value)).mutu == mutu


def test_band_for_rejects_out_of_range_and_float():
    with pytest.raises(ValueError):
        band_for(Decimal("24.99"))
    with pytest.raises(ValueError):
        band_for(Decimal("100.01"))
    with pytest.raises(TypeError):
        band_for(76.61)  # type: ignore[arg-type]


def test_format_id():
    assert format_id(Decimal("87.28")) == "87,28"
    assert format_id(Decimal("100.00")) == "100,00"


# --- Krejcie & Morgan -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "sample"),
    [(100, 80), (1000, 278), (10000, 370), (100000, 383), (1000000, 384), (10, 10), (1, 1), (0, 0)],
)
def test_krejcie_morgan_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_negative():
    with pytest.raises(ValueError):
        krejcie_morgan(-1)


@given(st.integers(min_value=1, max_value=10**7))
def test_krejcie_morgan_bounded(n):
    s = krejcie_morgan(n)
    assert 1 <= s <= min(n, 384)


# --- core computation ----------------------------------------------------------------------------


def test_all_fours():
    r = compute_from_answers([dict.fromkeys(UNSUR_KEYS, 4)] * 7)
    assert r.ikm == Decimal("100.00") and format_id(r.ikm) == "100,00"
    assert (r.mutu, r.kinerja, r.respondents) == ("A", "Sangat baik", 7)
    assert all(u.mutu == "A" and u.nrr == 4 for u in r.unsur)


def test_all_ones():
    r = compute_from_answers([dict.fromkeys(UNSUR_KEYS, 1)] * 3)
    assert r.ikm == Decimal("25.00")
    assert (r.mutu, r.kinerja) == ("D", "Tidak baik")


def test_reason_texts():
    aggs = uniform(312, 100)
    r = compute_from_aggregates(aggs)
    assert r.by_key("waktu").reason == "NRR = 312 ÷ 100 = 3,12; ×25 = 78,00 → B (Baik)"
    assert r.by_key("waktu").nrr_display == "3,12"
    assert r.reason == "IKM = (Σ NRR ÷ 9) × 25 = (28,08 ÷ 9) × 25 = 78,00 → B (Baik)"
    third = compute_from_aggregates(uniform(10, 3))
    assert third.by_key("biaya").reason == "NRR = 10 ÷ 3 ≈ 3,3333; ×25 = 83,33 → B (Baik)"


# docs/scoring.md example 2: sums and counts of 100 respondents per unsur (Σ NRR = 27.58).
EXAMPLE_2 = {
    "persyaratan": (318, 100),
    "prosedur": (305, 100),
    "waktu": (287, 100),
    "biaya": (352, 100),
    "produk": (310, 100),
    "kompetensi": (311, 100),
    "perilaku": (330, 100),
    "pengaduan": (265, 100),
    "sarana": (280, 100),
}


def test_exact_ninth_differs_from_0_111_weights():
    # Sum of NRR = 27.58. Exact: 27.58 × 25/9 = 76.6111… → 76.61 (B).
    # 0.111 weights: 27.58 × 0.111 × 25 = 76.5345 → 76.53 (C); 0.11: 75.845 → 75.85 (C).
    aggs = dict(EXAMPLE_2)
    r = compute_from_aggregates(aggs)
    nrr_sum = sum(Fraction(t, c) for t, c in aggs.values())
    assert r.ikm_exact == Fraction(6895, 90)
    assert r.ikm == Decimal("76.61") and r.mutu == "B"
    assert ikm.round_half_up(nrr_sum * Fraction("0.111") * 25) == Decimal("76.53")
    assert band_for(ikm.round_half_up(nrr_sum * Fraction("0.111") * 25)).mutu == "C"


def test_rounding_half_up_at_exact_half():
    # 15321 / 5000 = 3.0642; × 25 = 76.605 exactly → half-up 76.61 (B).
    # Half-even would give 76.60 and truncation 76.60 (both C).
    r = compute_from_aggregates(uniform(15321, 5000))
    assert r.ikm_exact == Fraction("76.605")
    assert r.ikm == Decimal("76.61") and r.mutu == "B"
    assert all(u.ikm_equiv == Decimal("76.61") and u.mutu == "B" for u in r.unsur)
    # Realistic mixed denominators reaching an exact half: 79.225 → 79.23 (half-even would give 79.22).
    mixed = dict(
        zip(
            UNSUR_KEYS,
            [
                (339, 100),
                (224, 80),
                (416, 125),
                (247, 80),
                (619, 200),
                (261, 80),
                (431, 125),
                (686, 200),
                (670, 250),
            ],
            strict=True,
        )
    )
    rm = compute_from_aggregates(mixed)
    assert rm.ikm_exact == Fraction("79.225") and rm.ikm == Decimal("79.23")
    # 64.995 → 65.00 (C, not D); 88.305 → 88.31 (A, not B).
    r2 = compute_from_aggregates(uniform(12999, 5000))
    assert r2.ikm_exact == Fraction("64.995") and r2.ikm == Decimal("65.00") and r2.mutu == "C"
    r3 = compute_from_aggregates(uniform(17661, 5000))
    assert r3.ikm_exact == Fraction("88.305") and r3.ikm == Decimal("88.31") and r3.mutu == "A"


@pytest.mark.parametrize(
    ("total", "ikm_value", "mutu"),
    [
        (25996, "64.99", "D"),
        (26000, "65.00", "C"),
        (30640, "76.60", "C"),
        (30644, "76.61", "B"),
        (35320, "88.30", "B"),
        (35324, "88.31", "A"),
    ],
)
def test_boundaries(total, ikm_value, mutu):
    # count 10 000 → NRR = total / 10 000 (the four-decimal NRR interval limits), IKM = total / 400
    r = compute_from_aggregates(uniform(total, 10000))
    assert r.ikm == Decimal(ikm_value) and r.mutu == mutu
    assert all(u.ikm_equiv == Decimal(ikm_value) and u.mutu == mutu for u in r.unsur)


def test_missing_answers_excluded_from_denominator_only():
    rows = [dict.fromkeys(UNSUR_KEYS, 4) for _ in range(3)]
    rows[0]["biaya"] = None
    del rows[1]["sarana"]
    r = compute_from_answers(rows)
    assert r.respondents == 3
    assert (r.by_key("biaya").total, r.by_key("biaya").count) == (8, 2)
    assert (r.by_key("sarana").total, r.by_key("sarana").count) == (8, 2)
    assert r.by_key("waktu").count == 3
    assert r.ikm == Decimal("100.00")


def test_empty_unsur_makes_ikm_undefined():
    rows = [{**dict.fromkeys(UNSUR_KEYS, 3), "biaya": None} for _ in range(5)]
    r = compute_from_answers(rows)
    assert r.ikm is None and r.ikm_exact is None and r.mutu is None and r.kinerja is None
    assert r.empty_unsur == ("biaya",)
    assert r.reason == "IKM tidak dapat dihitung: unsur Biaya/Tarif belum memiliki jawaban."
    assert r.by_key("biaya").nrr is None and r.by_key("waktu").mutu == "C"
    assert to_dict(r)["ikm"] is None


def test_a_row_without_any_unsur_answered_is_not_a_respondent():
    rows = [dict.fromkeys(UNSUR_KEYS, 3), dict.fromkeys(UNSUR_KEYS, None), {"waktu": 4}]
    r = compute_from_answers(rows)
    assert r.respondents == 2
    assert r.by_key("waktu").count == 2 and r.by_key("persyaratan").count == 1


def test_cli_does_not_count_a_row_with_only_a_name(tmp_path, capsys):
    path = tmp_path / "jawaban.csv"
    path.write_text(
        "nama," + ",".join(UNSUR_KEYS) + "\n"
        "Ani," + ",".join(["4"] * 9) + "\n"
        "Budi," + "," * 8 + "\n"
        "Citra," + ",".join(["2"] * 9) + "\n",
        encoding="utf-8",
    )
    assert main([str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["respondents"] == 2 and data["ikm"] == "75.00"


def test_no_rows_at_all():
    r = compute_from_answers([])
    assert r.respondents == 0 and r.ikm is None and r.empty_unsur == UNSUR_KEYS


@pytest.mark.parametrize("bad", [0, 5, -1, 3.0, "3", True])
def test_out_of_range_or_non_int_answer_rejected(bad):
    rows = [dict.fromkeys(UNSUR_KEYS, 3), {**dict.fromkeys(UNSUR_KEYS, 3), "perilaku": bad}]
    with pytest.raises(ValueError, match=r"Baris 2, unsur perilaku"):
        compute_from_answers(rows)


def test_unknown_key_in_row_rejected():
    with pytest.raises(ValueError, match="saran"):
        compute_from_answers([{"saran": 3}])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fasilitas": (3, 1)}, "tidak dikenal"),
        ({"biaya": (3, 0)}, "tidak mungkin"),
        ({"biaya": (1, 2)}, "tidak mungkin"),
        ({"biaya": (9, 2)}, "tidak mungkin"),
        ({"biaya": (-1, -1)}, "negatif"),
        ({"biaya": (3.0, 1)}, "bilangan bulat"),
    ],
)
def test_invalid_aggregates(change, message):
    with pytest.raises(ValueError, match=message):
        compute_from_aggregates({**uniform(3, 1), **change})


def test_missing_aggregate_key():
    aggs = uniform(3, 1)
    del aggs["pengaduan"]
    with pytest.raises(ValueError, match="pengaduan"):
        compute_from_aggregates(aggs)


def test_aggregates_as_dataclasses_any_order():
    items = [UnsurAggregate(k, 3 * (i + 1), i + 1) for i, k in enumerate(UNSUR_KEYS)]
    random.Random(1).shuffle(items)
    r = compute_from_aggregates(items, respondents=20)
    assert r.ikm == Decimal("75.00") and r.respondents == 20
    assert [u.key for u in r.unsur] == list(UNSUR_KEYS)
    with pytest.raises(ValueError, match="lebih dari sekali"):
        compute_from_aggregates([*items, items[0]])
    with pytest.raises(ValueError, match="responden"):
        compute_from_aggregates(items, respondents=5)


def test_to_dict_is_json_friendly():
    d = to_dict(compute_from_aggregates(uniform(15321, 5000)))
    json.dumps(d)
    assert d["ikm"] == "76.61" and d["ikm_display"] == "76,61" and d["ikm_exact"] == "15321/200"
    u = d["unsur"][0]
    assert (u["nrr"], u["nrr_display"], u["nrr_exact"], u["ikm_equiv"]) == (
        "3.06",
        "3,06",
        "15321/5000",
        "76.61",
    )


# --- property tests -------------------------------------------------------------------------------

answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
row_strategy = st.fixed_dictionaries(dict.fromkeys(UNSUR_KEYS, answer))
rows_strategy = st.lists(row_strategy, min_size=1, max_size=40)


def naive_ikm(rows: list[dict[str, int | None]]) -> Fraction | None:
    """Independent reference: plain loops, NRR per unsur, average, × 25."""
    nrrs = []
    for key in UNSUR_KEYS:
        answered = [row[key] for row in rows if row.get(key) is not None]
        if not answered:
            return None
        nrrs.append(Fraction(sum(answered), len(answered)))
    return sum(nrrs, Fraction(0)) * 25 / 9


@given(rows_strategy)
def test_property_range_and_naive_reference(rows):
    r = compute_from_answers(rows)
    expected = naive_ikm(rows)
    assert r.ikm_exact == expected
    if expected is None:
        assert r.ikm is None and r.empty_unsur
    else:
        assert 25 <= r.ikm_exact <= 100
        assert Decimal("25.00") <= r.ikm <= Decimal("100.00")
        assert r.mutu == band_for(r.ikm).mutu


@given(rows_strategy, st.randoms(use_true_random=False))
def test_property_permutation_invariant(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert compute_from_answers(shuffled) == compute_from_answers(rows)


@given(rows_strategy)
def test_property_aggregates_path_equals_raw_path(rows):
    aggs = {}
    for key in UNSUR_KEYS:
        total = count = 0
        for row in rows:
            if row[key] is not None:
                total += row[key]
                count += 1
        aggs[key] = (total, count)
    respondents = sum(any(v is not None for v in row.values()) for row in rows)
    assert compute_from_aggregates(aggs, respondents=respondents) == compute_from_answers(rows)


@settings(max_examples=50)
@given(rows_strategy, st.permutations(UNSUR_KEYS), st.sampled_from([",", ";"]), st.booleans())
def test_property_csv_column_order_irrelevant(rows, order, delimiter, bom):
    header = ["id", *order]
    lines = [delimiter.join(header)]
    for i, row in enumerate(rows, start=1):
        cells = [str(i)] + ["" if row[k] is None else str(row[k]) for k in order]
        lines.append(delimiter.join(cells))
    text = ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"
    parsed, ignored = parse_answers_csv(text)
    assert ignored == ["id"]
    assert compute_from_answers(parsed) == compute_from_answers(rows)


# --- CLI -----------------------------------------------------------------------------------------


def run_main(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_csv_with_bom_and_semicolon(tmp_path, capsys):
    header = ["sarana", "biaya", "nama", *[k for k in UNSUR_KEYS if k not in ("sarana", "biaya")]]
    path = write_csv(
        tmp_path / "a.csv",
        header,
        [["4", "", "Ayu", *["4"] * 7], ["4", "4", "Budi", *["4"] * 7], ["", "", "", *[""] * 7]],
        delimiter=";",
        bom=True,
    )
    code, out, err = run_main(capsys, [str(path)])
    assert code == 0, err
    data = json.loads(out)
    assert data["ikm"] == "100.00" and data["ikm_display"] == "100,00" and data["mutu"] == "A"
    assert data["respondents"] == 2  # the fully blank line is skipped
    assert data["ignored_columns"] == ["nama"]
    biaya = next(u for u in data["unsur"] if u["key"] == "biaya")
    assert (biaya["total"], biaya["count"]) == (4, 1)


def test_cli_comma_csv(tmp_path, capsys):
    path = write_csv(tmp_path / "b.csv", list(UNSUR_KEYS), [["3"] * 9, ["4"] * 9])
    code, out, _ = run_main(capsys, [str(path)])
    assert code == 0
    data = json.loads(out)
    assert data["ikm"] == "87.50" and data["kinerja"] == "Baik" and data["ignored_columns"] == []


def test_cli_missing_column(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", [k for k in UNSUR_KEYS if k != "pengaduan"], [["3"] * 8])
    code, out, err = run_main(capsys, [str(path)])
    assert code == 2 and out == ""
    assert "Kolom wajib tidak ada: pengaduan" in err


def test_cli_bad_value_names_line_and_column(tmp_path, capsys):
    path = write_csv(tmp_path / "d.csv", list(UNSUR_KEYS), [["3"] * 9, ["3", "3", "7", *["3"] * 6]])
    code, out, err = run_main(capsys, [str(path)])
    assert code == 2 and out == ""
    assert "Baris 3" in err and "'waktu'" in err and "'7'" in err


def test_cli_missing_file(tmp_path, capsys):
    code, _, err = run_main(capsys, [str(tmp_path / "nope.csv")])
    assert code == 2 and "tidak ditemukan" in err


def test_cli_stdin(monkeypatch, capsys):
    text = "\ufeff" + ";".join(UNSUR_KEYS) + "\n" + ";".join(["1"] * 9) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run_main(capsys, ["-"])
    assert code == 0 and json.loads(out)["ikm"] == "25.00"


def test_cli_population(capsys):
    code, out, _ = run_main(capsys, ["--population", "1000"])
    assert code == 0 and json.loads(out) == {"population": 1000, "sample": 278}
    code, _, err = run_main(capsys, ["--population", "-5"])
    assert code == 2 and "negatif" in err


def test_cli_requires_an_argument(capsys):
    assert main([]) == 2


def test_cli_as_module(tmp_path):
    path = write_csv(tmp_path / "e.csv", list(UNSUR_KEYS), [["4"] * 9])
    proc = subprocess.run(
        [sys.executable, "-m", "sewaka.surveys.ikm", str(path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["mutu"] == "A"


# --- worked examples from docs/scoring.md ------------------------------------------------------------


def test_scoring_md_example_1():
    """Four respondents; one did not answer pengaduan (excluded from that denominator only)."""
    table = [
        [4, 3, 3, 4, 3, 4, 4, None, 3],
        [3, 3, 2, 4, 3, 3, 4, 3, 3],
        [4, 4, 3, 4, 4, 4, 4, 2, 3],
        [3, 3, 3, 4, 3, 3, 3, 3, 2],
    ]
    header = [
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "kompetensi",
        "perilaku",
        "pengaduan",
        "sarana",
    ]
    r = compute_from_answers([dict(zip(header, row, strict=True)) for row in table])
    expected = {
        "persyaratan": (14, 4, "87.50", "B"),
        "prosedur": (13, 4, "81.25", "B"),
        "waktu": (11, 4, "68.75", "C"),
        "biaya": (16, 4, "100.00", "A"),
        "produk": (13, 4, "81.25", "B"),
        "kompetensi": (14, 4, "87.50", "B"),
        "perilaku": (15, 4, "93.75", "A"),
        "pengaduan": (8, 3, "66.67", "C"),
        "sarana": (11, 4, "68.75", "C"),
    }
    for key, (total, count, equiv, mutu) in expected.items():
        u = r.by_key(key)
        assert (u.total, u.count, u.ikm_equiv, u.mutu) == (total, count, Decimal(equiv), mutu)
    assert r.by_key("pengaduan").reason == "NRR = 8 ÷ 3 ≈ 2,6667; ×25 = 66,67 → C (Kurang baik)"
    assert sum(u.nrr for u in r.unsur) == Fraction(353, 12)  # 29.41666…
    assert r.ikm_exact == Fraction(8825, 108)  # 81.7129…
    assert (r.ikm, r.mutu, r.kinerja, r.respondents) == (Decimal("81.71"), "B", "Baik", 4)
    # The wrong rule (missing answer counted in the denominator) would give pengaduan 8 / 4 = 2.00 → 50.00 D.


def test_scoring_md_example_2():
    """100 respondents; exact 1/9 weight gives 76.61 (B), rounded weights would give C."""
    aggs = dict(EXAMPLE_2)
    r = compute_from_aggregates(aggs, respondents=100)
    assert [u.mutu for u in r.unsur] == ["B", "C", "C", "B", "B", "B", "B", "C", "C"]
    assert r.by_key("pengaduan").reason == "NRR = 265 ÷ 100 = 2,65; ×25 = 66,25 → C (Kurang baik)"
    assert r.ikm_exact == Fraction(6895, 90)  # 76.6111…
    assert (r.ikm, r.mutu, r.kinerja) == (Decimal("76.61"), "B", "Baik")
    assert r.reason == "IKM = (Σ NRR ÷ 9) × 25 = (27,58 ÷ 9) × 25 ≈ 76,61 → B (Baik)"
    nrr_sum = Fraction(2758, 100)
    assert ikm.round_half_up(nrr_sum * Fraction("0.111") * 25) == Decimal("76.53")  # C: wrong
    assert ikm.round_half_up(nrr_sum * Fraction("0.11") * 25) == Decimal("75.85")  # C: wrong


def test_scoring_md_example_3():
    """Krejcie–Morgan: a unit's target uses the sum of its services' populations."""
    assert krejcie_morgan(600) == 234
    assert krejcie_morgan(400) == 196
    assert krejcie_morgan(600 + 400) == 278  # not 234 + 196 = 430


@given(
    numerator=st.integers(min_value=-(10**12), max_value=10**12),
    denominator=st.integers(min_value=1, max_value=10**9),
    places=st.integers(min_value=0, max_value=4),
)
def test_round_half_up_in_integers_equals_the_fraction_definition(numerator, denominator, places):
    """The integer form of the rounding (issue 16: the engine runs on every write) is the old definition:
    floor(|v| · 10^places + 1/2), sign restored."""
    import math

    value = Fraction(numerator, denominator)
    n = math.floor(abs(value) * 10**places + Fraction(1, 2))
    assert str(ikm.round_half_up(value, places)) == str(Decimal(-n if value < 0 else n).scaleb(-places))
