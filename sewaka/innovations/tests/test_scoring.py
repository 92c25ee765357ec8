"""Hand-derived tests of the proposal scoring engine (pure, no database)."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from sewaka.innovations.scoring import (
    FORWARD,
    NOT_FORWARD,
    NOT_RANKABLE,
    RANKED,
    TIE_AT_CAP,
    AspectWeight,
    Nomination,
    Scale,
    main,
    rank,
    round_half_up,
)

# A 50 %, B 30 %, C 20 %, Z 0 % (like KIPP's Ringkasan: needs no score).
ASPECTS = [
    AspectWeight("a", "Aspek A", Fraction(1, 2)),
    AspectWeight("b", "Aspek B", Fraction(3, 10)),
    AspectWeight("c", "Aspek C", Fraction(1, 5)),
    AspectWeight("z", "Ringkasan", Fraction(0)),
]
SCALE = Scale(Fraction(0), Fraction(100))


def s(a, b, c):
    return {"a": a, "b": b, "c": c}


def by_code(ranking):
    return {e.code: e for e in ranking.entries}


def test_weighted_total_and_mean_of_jurors():
    # j1: 0.5*80 + 0.3*70 + 0.2*90 = 40 + 21 + 18 = 79; j2: 45 + 18 + 14 = 77; mean 78.
    r = rank(ASPECTS, SCALE, [Nomination("n1", "N1", {"j1": s(80, 70, 90), "j2": s(90, 60, 70)})])
    e = r.entries[0]
    assert [j.total for j in e.jurors] == [Fraction(79), Fraction(77)]
    assert e.total == Fraction(78)
    assert e.total_display == Decimal("78.00")
    assert e.rank == 1
    assert e.decision == RANKED


def test_rounding_half_up_once_at_the_end():
    halves = [AspectWeight("x", "X", Fraction(1, 2)), AspectWeight("y", "Y", Fraction(1, 2))]
    # j1 = (80 + 80.5)/2 = 80.25, j2 = 80 -> mean 80.125 -> 80.13 half-up (not 80.12).
    r = rank(halves, SCALE, [Nomination("n", "N", {"j1": {"x": 80, "y": 80.5}, "j2": {"x": 80, "y": 80}})])
    assert r.entries[0].total == Fraction(80125, 1000)
    assert r.entries[0].total_display == Decimal("80.13")
    # j1 = 80.006, j2 = 80.003 -> exact mean 80.0045 -> 80.00; rounding each juror first would give
    # (80.01 + 80.00) / 2 = 80.005 -> 80.01.
    r = rank(
        halves,
        SCALE,
        [
            Nomination(
                "n", "N", {"j1": {"x": Decimal("80.012"), "y": 80}, "j2": {"x": Decimal("80.006"), "y": 80}}
            )
        ],
    )
    assert r.entries[0].total_display == Decimal("80.00")
    assert round_half_up(Fraction(-1, 200)) == Decimal("-0.01")


def test_missing_score_excludes_the_juror_and_unrankable_nomination():
    r = rank(
        ASPECTS,
        SCALE,
        [
            # j2 has not scored C: excluded; the total is j1's alone: 0.5*60 + 0.3*60 + 0.2*60 = 60.
            Nomination("n5", "N5", {"j1": s(60, 60, 60), "j2": {"a": 100, "b": 100, "c": None}}),
            Nomination("n6", "N6", {"j1": {"a": 90}}),
            Nomination("n7", "N7", {}),
        ],
        cap=5,
    )
    e = by_code(r)
    assert e["n5"].total_display == Decimal("60.00")
    assert e["n5"].complete_jurors == ("j1",)
    assert [(j.juror, j.missing) for j in e["n5"].incomplete_jurors] == [("j2", ("c",))]
    assert e["n6"].total is None and e["n6"].rank is None and e["n6"].decision == NOT_RANKABLE
    assert e["n7"].decision == NOT_RANKABLE
    assert [x.code for x in r.entries] == ["n5", "n6", "n7"]
    assert any("j2" in n and "c" in n for n in r.notes)


def tie_field():
    return [
        Nomination("n4", "N4", {"j1": s(100, 100, 100)}),  # 100
        Nomination("n1", "N1", {"j1": s(80, 70, 90)}),  # 40 + 21 + 18 = 79
        Nomination("n2", "N2", {"j1": s(70, 80, 100)}),  # 35 + 24 + 20 = 79
        Nomination("n3", "N3", {"j1": s(80, 70, 90)}),  # 79, identical to n1
        Nomination("n7", "N7", {"j1": s(50, 50, 50)}),  # 50
    ]


def test_ties_share_a_rank_and_are_flagged_with_the_suggested_order():
    r = rank(ASPECTS, SCALE, tie_field())
    e = by_code(r)
    assert [x.code for x in r.entries] == ["n4", "n1", "n3", "n2", "n7"]
    assert [e[c].rank for c in ("n4", "n1", "n3", "n2", "n7")] == [1, 2, 2, 2, 5]
    assert [e[c].position for c in ("n4", "n1", "n3", "n2", "n7")] == [1, 2, 3, 4, 5]
    assert e["n1"].tie and e["n2"].tie and e["n3"].tie
    assert not e["n4"].tie and not e["n7"].tie
    note = e["n1"].tie_note
    assert "79,00" in note and "Perlu keputusan juri" in note
    assert "n1 dan n3 seri penuh" in note
    assert "n3 di atas n2 karena nilai Aspek A 80,00 > 70,00" in note


def test_cap_with_a_tie_straddling_it():
    for cap in (2, 3):
        r = rank(ASPECTS, SCALE, tie_field(), cap=cap)
        e = by_code(r)
        assert e["n4"].decision == FORWARD
        assert {e[c].decision for c in ("n1", "n2", "n3")} == {TIE_AT_CAP}
        assert e["n7"].decision == NOT_FORWARD
        assert r.cap_tie == ("n1", "n3", "n2")
        assert any(f"berebut {cap - 1} tempat" in n for n in r.notes)


def test_cap_not_straddled():
    e = by_code(rank(ASPECTS, SCALE, tie_field(), cap=1))
    assert e["n4"].decision == FORWARD
    assert {e[c].decision for c in ("n1", "n2", "n3", "n7")} == {NOT_FORWARD}
    r = rank(ASPECTS, SCALE, tie_field(), cap=4)
    e = by_code(r)
    assert {e[c].decision for c in ("n4", "n1", "n2", "n3")} == {FORWARD}
    assert e["n7"].decision == NOT_FORWARD
    assert r.cap_tie == ()


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (s(101, 50, 50), "di luar skala"),
        (s(-1, 50, 50), "di luar skala"),
        ({"a": 50, "b": 50, "c": 50, "z": 100.5}, "di luar skala"),
        ({"a": 50, "b": 50, "c": 50, "q": 1}, "tidak dikenal"),
        (s("80", 50, 50), "harus berupa angka"),
        (s(True, 50, 50), "harus berupa angka"),
        (s(float("nan"), 50, 50), "bukan angka"),
    ],
)
def test_bad_scores_refused(scores, message):
    with pytest.raises(ValueError, match=message):
        rank(ASPECTS, SCALE, [Nomination("n", "N", {"j1": scores})])


def test_bad_weights_cap_and_duplicates_refused():
    with pytest.raises(ValueError, match="100 %"):
        rank([AspectWeight("a", "A", Fraction(1, 2))], SCALE, [])
    with pytest.raises(ValueError, match="lebih dari sekali"):
        rank([AspectWeight("a", "A", Fraction(1, 2)), AspectWeight("a", "A", Fraction(1, 2))], SCALE, [])
    with pytest.raises(ValueError, match="Kuota"):
        rank(ASPECTS, SCALE, [], cap=0)
    with pytest.raises(ValueError, match="unik"):
        rank(ASPECTS, SCALE, [Nomination("n", "N", {}), Nomination("n", "N", {})])


def test_scale_edges_accepted():
    r = rank(ASPECTS, SCALE, [Nomination("n", "N", {"j1": s(0, 100, 0)})])
    assert r.entries[0].total_display == Decimal("30.00")


KIPP_ALL_80 = {
    "latar_belakang_tujuan": 80,
    "kebaruan": 80,
    "implementasi": 80,
    "signifikansi": 80,
    "adaptabilitas": 80,
    "sumber_daya": 80,
    "keberlanjutan": 80,
}


def test_cli_with_the_kipp_2023_scheme(tmp_path, capsys):
    # j1 all 80 -> 80; j2 signifikansi (30 %) 100 -> 80 + 0.3 * 20 = 86; mean 83.00.
    data = {
        "scheme": "kipp-2023",
        "group": "umum",
        "cap": 1,
        "nominations": [
            {"code": "A", "scores": {"j1": KIPP_ALL_80, "j2": {**KIPP_ALL_80, "signifikansi": 100}}},
            {"code": "B", "scores": {"j1": {**KIPP_ALL_80, "ringkasan": 50}}},
        ],
    }
    path = tmp_path / "scores.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(e["code"], e["total"], e["decision"]) for e in out["entries"]] == [
        ("A", "83.00", "forward"),
        ("B", "80.00", "not_forward"),
    ]
    assert main([str(path)]) == 0
    text = capsys.readouterr().out
    assert "83,00" in text and "Diteruskan" in text


def test_cli_refuses_bad_input(tmp_path, capsys):
    path = tmp_path / "scores.json"
    path.write_text(
        json.dumps(
            {
                "aspects": [{"code": "a", "weight": "100"}],
                "scale": {"min": 1, "max": 10},
                "nominations": [{"code": "n", "scores": {"j": {"a": 11}}}],
            }
        ),
        encoding="utf-8",
    )
    assert main([str(path)]) == 2
    assert "di luar skala 1,00–10,00" in capsys.readouterr().err
    path.write_text("{", encoding="utf-8")
    assert main([str(path)]) == 2
    assert "bukan JSON" in capsys.readouterr().err
    assert main([str(tmp_path / "none.json")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    path.write_text(json.dumps({"scheme": "kipp-2023", "group": "x", "nominations": []}), encoding="utf-8")
    assert main([str(path)]) == 2
    assert "Kelompok 'x'" in capsys.readouterr().err


def test_juror_keys_may_be_ids():
    # Juror ids 2 and 10 (sorted as text: "10", "2"); totals 79 and 77 as in the first test.
    r = rank(ASPECTS, SCALE, [Nomination("n", "N", {2: s(80, 70, 90), 10: s(90, 60, 70)})])
    e = r.entries[0]
    assert [(j.juror, j.total) for j in e.jurors] == [("10", Fraction(77)), ("2", Fraction(79))]
    assert e.total_display == Decimal("78.00")
    assert e.aspect_means["a"] == Fraction(85)
