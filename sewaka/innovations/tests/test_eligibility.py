"""Hand-derived tests of the eligibility engine against the shipped schemes (pure, no database)."""

from datetime import date

import pytest

from sewaka.innovations.eligibility import (
    ELIGIBLE,
    FAILED,
    INCOMPLETE,
    NOT_ELIGIBLE,
    PASSED,
    UNKNOWN,
    AwardRecord,
    InnovationFacts,
    elapsed,
    evaluate,
    subtract_months,
)
from sewaka.innovations.schemes import load_scheme

K21, K22, K23 = load_scheme("kipp-2021"), load_scheme("kipp-2022"), load_scheme("kipp-2023")
DPS = load_scheme("lomba-inovasi-denpasar-2026")
DEADLINE = date(2023, 5, 15)


def outcomes(result):
    return {(r.rule_type, i): r.outcome for i, r in enumerate(result.results)}


def rule(result, rule_type, index=0):
    return [r for r in result.results if r.rule_type == rule_type][index]


def impl(scheme, group, started, deadline, **facts):
    result = evaluate(
        scheme, group, InnovationFacts(started_on=started, **facts), registration_deadline=deadline
    )
    return rule(result, "min_implementation")


def test_exactly_two_years_before_the_deadline_passes_one_day_short_fails():
    ok = impl(K23, "umum", date(2021, 5, 15), DEADLINE)
    assert ok.outcome == PASSED
    assert ok.reason.startswith("Inovasi berjalan 2 tahun sebelum batas pendaftaran 15 Mei 2023")
    short = impl(K23, "umum", date(2021, 5, 16), DEADLINE)
    assert short.outcome == FAILED
    # Counted back from 15 May 2023: 23 months -> 15 June 2021; 16 May -> 15 June 2021 = 30 days.
    assert "berjalan 1 tahun 11 bulan 30 hari sebelum batas pendaftaran 15 Mei 2023" in short.reason
    assert "syarat minimal 2 tahun" in short.reason


def test_29_february():
    # Deadline 29 Feb 2024: two years back clamps to 28 Feb 2022.
    assert subtract_months(date(2024, 2, 29), 24) == date(2022, 2, 28)
    assert impl(K23, "umum", date(2022, 2, 28), date(2024, 2, 29)).outcome == PASSED
    assert impl(K23, "umum", date(2022, 3, 1), date(2024, 2, 29)).outcome == FAILED
    # Deadline 28 Feb 2022: two years back is 28 Feb 2020; a start on 29 Feb 2020 is one day short.
    assert impl(K23, "umum", date(2020, 2, 28), date(2022, 2, 28)).outcome == PASSED
    short = impl(K23, "umum", date(2020, 2, 29), date(2022, 2, 28))
    assert short.outcome == FAILED
    # 23 months back from 28 Feb 2022 = 28 Mar 2020; 29 Feb -> 28 Mar 2020 = 28 days.
    assert elapsed(date(2020, 2, 29), date(2022, 2, 28)) == (1, 11, 28)
    assert "1 tahun 11 bulan 28 hari" in short.reason


def test_started_after_deadline_or_missing_data():
    late = impl(K23, "umum", date(2023, 6, 1), DEADLINE)
    assert late.outcome == FAILED and "1 Juni 2023, sesudah batas pendaftaran 15 Mei 2023" in late.reason
    assert impl(K23, "umum", None, DEADLINE).outcome == UNKNOWN
    # The shipped 2023 deadline is unknown: without a call's date the rule cannot be checked.
    no_deadline = rule(
        evaluate(K23, "umum", InnovationFacts(started_on=date(2010, 1, 1))), "min_implementation"
    )
    assert no_deadline.outcome == UNKNOWN and "Batas pendaftaran belum diketahui" in no_deadline.reason


def test_pandemic_and_replikasi_alternatives():
    d = date(2022, 5, 15)
    assert impl(K22, "umum", date(2021, 5, 15), d).outcome == FAILED
    pandemic = impl(K22, "umum", date(2021, 5, 15), d, pandemic_related=True)
    assert (
        pandemic.outcome == PASSED and "syarat minimal 1 tahun (inovasi terkait pandemi)" in pandemic.reason
    )
    assert impl(K22, "umum", date(2021, 5, 16), d, pandemic_related=True).outcome == FAILED
    d21 = date(2021, 6, 30)
    assert impl(K21, "replikasi", date(2020, 6, 30), d21).outcome == PASSED
    assert impl(K21, "replikasi", date(2020, 7, 1), d21).outcome == FAILED
    assert impl(K21, "umum", date(2020, 6, 30), d21).outcome == FAILED
    # Replicated is no alternative in 2023 (no such rule in its data).
    assert impl(K23, "umum", date(2022, 5, 15), DEADLINE, replicated=True).outcome == FAILED


def history(*awards):
    return tuple(AwardRecord(*a) for a in awards)


def kipp23(group, awards=(), **extra):
    base = {"started_on": date(2020, 1, 1), "has_innovator_sk": True, "proposals_forwarded": 0, "cap": 3}
    facts = InnovationFacts(awards=history(*awards), **{**base, **extra})
    return evaluate(K23, group, facts, registration_deadline=DEADLINE)


def test_2023_umum_never_competed_is_eligible_khusus_is_not():
    umum = kipp23("umum")
    assert umum.outcome == ELIGIBLE and umum.eligible
    assert set(outcomes(umum).values()) == {PASSED}
    khusus = kipp23("khusus")
    assert khusus.outcome == NOT_ELIGIBLE
    assert rule(khusus, "award_history", 0).outcome == FAILED
    assert "Belum pernah meraih" in rule(khusus, "award_history", 0).reason


def test_2023_umum_one_top99_ok_two_not():
    one = kipp23("umum", [("kipp", 2019, "umum", "top99")])
    assert one.outcome == ELIGIBLE
    assert "sebanyak 1 kali" in rule(one, "award_history", 2).reason
    two = kipp23("umum", [("kipp", 2018, "umum", "top99"), ("kipp", 2021, "umum", "top99")])
    assert two.outcome == NOT_ELIGIBLE
    reason = rule(two, "award_history", 2).reason
    assert rule(two, "award_history", 2).outcome == FAILED
    assert "sebanyak 2 kali" in reason and "Top 99 2018" in reason and "Top 99 2021" in reason
    assert "batas maksimal 1 kali" in reason
    # Another scheme's awards do not count.
    other = kipp23("umum", [("lomba-inovasi-denpasar", 2024, "perangkat_daerah", "top99")] * 2)
    assert other.outcome == ELIGIBLE


def test_2023_top_terpuji_excluded_from_umum_required_for_khusus():
    awards = [("kipp", 2019, "umum", "top_terpuji")]
    umum = kipp23("umum", awards)
    assert umum.outcome == NOT_ELIGIBLE
    assert "Pernah meraih Top Terpuji 2019 (kelompok umum)" in rule(umum, "award_history", 0).reason
    khusus = kipp23("khusus", awards)
    assert khusus.outcome == ELIGIBLE
    # Top 45 counts as Top Terpuji only through the unconfirmed equivalence rule, flagged as such.
    top45 = kipp23("umum", [("kipp", 2017, "umum", "top45")])
    assert top45.outcome == NOT_ELIGIBLE
    assert rule(top45, "award_history", 1).rule_status == "unconfirmed"


def test_2023_khusus_year_and_group_ranges():
    # Top Terpuji 2022 is outside 2014-2021; a khusus-group Top Terpuji does not qualify either.
    assert kipp23("khusus", [("kipp", 2022, "umum", "top_terpuji")]).outcome == NOT_ELIGIBLE
    assert kipp23("khusus", [("kipp", 2014, "umum", "top_terpuji")]).outcome == ELIGIBLE
    assert kipp23("khusus", [("kipp", 2014, "khusus", "top_terpuji")]).outcome == NOT_ELIGIBLE
    base = [("kipp", 2016, "umum", "top_terpuji")]
    once = kipp23("khusus", [*base, ("kipp", 2020, "khusus", "top15_khusus")])
    assert once.outcome == ELIGIBLE
    twice = kipp23(
        "khusus", [*base, ("kipp", 2020, "khusus", "top15_khusus"), ("kipp", 2021, "khusus", "top15_khusus")]
    )
    assert twice.outcome == NOT_ELIGIBLE
    outstanding = kipp23("khusus", [*base, ("kipp", 2022, "khusus", "outstanding")])
    assert outstanding.outcome == NOT_ELIGIBLE
    assert "Outstanding" in rule(outstanding, "award_history", 2).reason
    assert kipp23("khusus", [*base, ("kipp", 2019, "khusus", "outstanding")]).outcome == ELIGIBLE


def test_sk_and_cap():
    no_sk = kipp23("umum", has_innovator_sk=None)
    assert no_sk.outcome == INCOMPLETE
    assert rule(no_sk, "innovator_sk_required").outcome == UNKNOWN
    facts = InnovationFacts(started_on=date(2020, 1, 1), has_innovator_sk=False, proposals_forwarded=3, cap=3)
    result = evaluate(K23, "umum", facts, registration_deadline=DEADLINE)
    assert rule(result, "innovator_sk_required").outcome == FAILED
    cap = rule(result, "within_cap")
    assert cap.outcome == FAILED and "3 dari kuota 3" in cap.reason
    full = evaluate(K23, "umum", InnovationFacts(proposals_forwarded=2, cap=3))
    assert rule(full, "within_cap").outcome == PASSED and "tersisa 1" in rule(full, "within_cap").reason
    # No cap in the facts and none in the 2023 data: unknown; the Denpasar example's cap (3) is used.
    assert (
        rule(evaluate(K23, "umum", InnovationFacts(proposals_forwarded=0)), "within_cap").outcome == UNKNOWN
    )
    assert (
        rule(evaluate(DPS, "perangkat_daerah", InnovationFacts(proposals_forwarded=3)), "within_cap").outcome
        == FAILED
    )


def test_example_scheme_categories_and_overall():
    def dps(**kw):
        base = {
            "started_on": date(2025, 1, 1),
            "category": "digital",
            "has_innovator_sk": True,
            "proposals_forwarded": 0,
        }
        return evaluate(DPS, "perangkat_daerah", InnovationFacts(**{**base, **kw}))

    ok = dps()
    assert ok.outcome == ELIGIBLE
    # Counted back from 31 Aug 2026: 19 months -> 31 Jan 2025; 1 Jan -> 31 Jan = 30 days.
    assert "1 tahun 7 bulan 30 hari" in rule(ok, "min_implementation").reason
    assert "syarat minimal 6 bulan" in rule(ok, "min_implementation").reason
    assert rule(dps(category="lain"), "category_required").outcome == FAILED
    assert rule(dps(category=None), "category_required").outcome == UNKNOWN
    assert dps(category=None).outcome == INCOMPLETE
    assert (
        dps(awards=history(("lomba-inovasi-denpasar", 2025, "perangkat_daerah", "juara_1"))).outcome
        == NOT_ELIGIBLE
    )
    assert (
        dps(awards=history(("lomba-inovasi-denpasar", 2023, "perangkat_daerah", "juara_1"))).outcome
        == ELIGIBLE
    )
    # KIPP 2021 has a category rule with its ten categories.
    k21 = evaluate(K21, "umum", InnovationFacts(category="kesehatan"))
    assert rule(k21, "category_required").outcome == PASSED


def test_unknown_group_refused():
    with pytest.raises(ValueError, match="Kelompok 'replikasi' tidak ada di skema kipp-2023"):
        evaluate(K23, "replikasi", InnovationFacts())
