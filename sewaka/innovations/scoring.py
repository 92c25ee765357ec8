"""Pure scoring engine of competition proposals (issue 18 item 5). Stdlib only, no Django.

Rules (docs/scoring.md, "Competition schemes (innovations)"):
- A juror's total = Σ weight × score over the aspects, exact (Fraction); weights are exact shares summing to 1.
- Aspects with weight 0 (e.g. KIPP's Ringkasan) need no score; a score given is still checked against the scale.
- A juror who has not scored every weighted aspect is excluded from the nomination and reported as incomplete.
- A nomination's total = mean of its complete jurors' exact totals, rounded ONCE at the end to 2 decimals,
  half-up. A nomination with no complete juror has no total and is not rankable.
- Ranking uses the rounded total (what is shown is what ranks): equal totals share a rank (1, 2, 2, 4).
  Within a tie the suggested order follows the higher mean score on the highest-weighted aspect, then the
  next-highest weight (equal weights in scheme order); the tie is always reported as needing a jury decision.
- Cap: the first N positions go forward; a tie straddling the cap is reported and none of its members is
  decided (decision "tie_at_cap").
- Scores outside the scheme's scale, unknown aspects or non-numbers are refused (ValueError, Indonesian).

CLI:
    python -m sewaka.innovations.scoring scores.json [--json]     # "-" = stdin
scores.json: {"scheme": "kipp-2023", "group": "umum"} or {"aspects": [{"code", "name", "weight": "10"}],
"scale": {"min": 0, "max": 100}}; optional "cap"; "nominations": [{"code", "name",
"scores": {"juror": {"aspect code": number or null}}}].
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from sewaka.innovations.schemes import SchemeError, load_scheme

FORWARD = "forward"
NOT_FORWARD = "not_forward"
TIE_AT_CAP = "tie_at_cap"
RANKED = "ranked"  # no cap given
NOT_RANKABLE = "not_rankable"

DECISION_LABELS = {
    FORWARD: "Diteruskan",
    NOT_FORWARD: "Tidak diteruskan",
    TIE_AT_CAP: "Seri di batas kuota (perlu keputusan juri)",
    RANKED: "Berperingkat",
    NOT_RANKABLE: "Tidak dapat diperingkat",
}


@dataclass(frozen=True)
class AspectWeight:
    code: str
    name: str
    weight: Fraction  # exact share of the total; all weights sum to 1


@dataclass(frozen=True)
class Scale:
    min: Fraction
    max: Fraction


@dataclass(frozen=True)
class Nomination:
    code: str
    name: str
    scores: Mapping[Any, Mapping[str, Any]]  # juror (name or id) -> aspect code -> score (None = not given)


@dataclass(frozen=True)
class JurorTotal:
    juror: str
    total: Fraction | None  # exact; None when incomplete
    missing: tuple[str, ...]  # weighted aspects without a score

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class NominationResult:
    code: str
    name: str
    total: Fraction | None  # exact mean of the complete jurors' totals
    total_display: Decimal | None  # rounded once, 2 decimals, half-up
    jurors: tuple[JurorTotal, ...]
    aspect_means: Mapping[str, Fraction]  # over complete jurors
    rank: int | None = None
    position: int | None = None  # suggested order (ties broken by the documented rule)
    tie: bool = False
    tie_note: str = ""
    decision: str = NOT_RANKABLE

    @property
    def complete_jurors(self) -> tuple[str, ...]:
        return tuple(j.juror for j in self.jurors if j.complete)

    @property
    def incomplete_jurors(self) -> tuple[JurorTotal, ...]:
        return tuple(j for j in self.jurors if not j.complete)


@dataclass(frozen=True)
class Ranking:
    entries: tuple[NominationResult, ...]  # rankable by position, then the not rankable ones
    cap: int | None
    cap_tie: tuple[str, ...] = ()  # codes of the tie straddling the cap
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- numbers ---------------------------------------------------------------------------------------


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact value once, half away from zero."""
    scale = 10**places
    scaled = abs(value) * scale
    rounded = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * rounded).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def format_id(value: Decimal | Fraction) -> str:
    """Indonesian decimal display, two places: 85.5 -> "85,50"."""
    number = value if isinstance(value, Decimal) else round_half_up(value)
    return f"{number:.2f}".replace(".", ",")


def to_fraction(value: Any, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise ValueError(f"{where}: nilai harus berupa angka, bukan {value!r}.")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: nilai {value!r} bukan angka yang sah.")
        return Fraction(Decimal(str(value)))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{where}: nilai {value!r} bukan angka yang sah.")
    return Fraction(value)


def validate_aspects(aspects: Sequence[AspectWeight]) -> None:
    if not aspects:
        raise ValueError("Tidak ada aspek penilaian.")
    seen: set[str] = set()
    for a in aspects:
        if a.code in seen:
            raise ValueError(f"Kode aspek {a.code!r} muncul lebih dari sekali.")
        seen.add(a.code)
        if a.weight < 0:
            raise ValueError(f"Bobot aspek {a.code!r} tidak boleh negatif.")
    total = sum((a.weight for a in aspects), Fraction(0))
    if total != 1:
        raise ValueError(f"Jumlah bobot aspek harus 100 %, tertulis {format_id(total * 100)} %.")


# --- engine ----------------------------------------------------------------------------------------


def juror_total(
    aspects: Sequence[AspectWeight], scale: Scale, juror: str, scores: Mapping[str, Any]
) -> JurorTotal:
    """Weighted total of one juror; scores outside the scale or for unknown aspects raise ValueError."""
    known = {a.code for a in aspects}
    if not isinstance(scores, Mapping):
        raise ValueError(f"Nilai juri {juror!r} harus berupa objek {{kode aspek: nilai}}.")
    for code in scores:
        if code not in known:
            raise ValueError(
                f"Juri {juror!r}: aspek {code!r} tidak dikenal (yang sah: {', '.join(sorted(known))})."
            )
    total = Fraction(0)
    missing: list[str] = []
    for a in aspects:
        raw = scores.get(a.code)
        if raw is None:
            if a.weight:
                missing.append(a.code)
            continue
        value = to_fraction(raw, f"Juri {juror!r}, aspek {a.code!r}")
        if not scale.min <= value <= scale.max:
            raise ValueError(
                f"Juri {juror!r}, aspek {a.code!r}: nilai {format_id(value)} di luar skala "
                f"{format_id(scale.min)}–{format_id(scale.max)}."
            )
        total += a.weight * value
    return JurorTotal(juror, None if missing else total, tuple(missing))


def score_nomination(
    aspects: Sequence[AspectWeight], scale: Scale, nomination: Nomination
) -> NominationResult:
    items = sorted(nomination.scores.items(), key=lambda item: str(item[0]))  # juror keys may be ids
    jurors = tuple(juror_total(aspects, scale, str(j), s) for j, s in items)
    complete = [(s, jt) for (_j, s), jt in zip(items, jurors, strict=True) if jt.total is not None]
    if not complete:
        return NominationResult(nomination.code, nomination.name, None, None, jurors, {})
    total = sum((jt.total for _s, jt in complete if jt.total is not None), Fraction(0)) / len(complete)
    means = {
        a.code: sum((to_fraction(s[a.code], "") for s, _jt in complete), Fraction(0)) / len(complete)
        for a in aspects
        if a.weight
    }
    return NominationResult(nomination.code, nomination.name, total, round_half_up(total), jurors, means)


def _tiebreak_order(aspects: Sequence[AspectWeight]) -> list[AspectWeight]:
    weighted = [(i, a) for i, a in enumerate(aspects) if a.weight]
    return [a for _, a in sorted(weighted, key=lambda ia: (-ia[1].weight, ia[0]))]


def _pair_note(first: NominationResult, second: NominationResult, order: list[AspectWeight]) -> str:
    for a in order:
        x, y = first.aspect_means[a.code], second.aspect_means[a.code]
        if x != y:
            return f"{first.code} di atas {second.code} karena nilai {a.name} {format_id(x)} > {format_id(y)}"
    return f"{first.code} dan {second.code} seri penuh (semua aspek sama)"


def rank(
    aspects: Sequence[AspectWeight], scale: Scale, nominations: Sequence[Nomination], cap: int | None = None
) -> Ranking:
    """Score, rank and apply the cap; see the module docstring for every rule."""
    validate_aspects(aspects)
    if scale.min >= scale.max:
        raise ValueError("Skala nilai tidak sah: minimum harus lebih kecil dari maksimum.")
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
        raise ValueError(f"Kuota harus bilangan bulat ≥ 1, bukan {cap!r}.")
    codes = [n.code for n in nominations]
    if len(set(codes)) != len(codes):
        raise ValueError("Kode nominasi harus unik.")
    scored = [score_nomination(aspects, scale, n) for n in nominations]
    order = _tiebreak_order(aspects)

    def key(r: NominationResult) -> tuple[Any, ...]:
        assert r.total_display is not None
        return (-r.total_display, *(-r.aspect_means[a.code] for a in order), r.code)

    rankable = sorted((r for r in scored if r.total_display is not None), key=key)
    groups: list[list[NominationResult]] = []
    for r in rankable:
        if groups and groups[-1][0].total_display == r.total_display:
            groups[-1].append(r)
        else:
            groups.append([r])

    entries: list[NominationResult] = []
    notes: list[str] = []
    cap_tie: tuple[str, ...] = ()
    position = 0
    for group in groups:
        first_position = position + 1
        tie = len(group) > 1
        tie_note = ""
        if tie:
            pairs = "; ".join(_pair_note(a, b, order) for a, b in zip(group, group[1:], strict=False))
            tie_note = (
                f"Seri pada total {format_id(group[0].total_display or Decimal(0))}: "
                f"{', '.join(r.code for r in group)}. Usulan urutan: {pairs}. Perlu keputusan juri."
            )
            notes.append(tie_note)
        straddles = cap is not None and first_position <= cap < first_position + len(group) - 1
        if straddles and cap is not None:
            cap_tie = tuple(r.code for r in group)
            seats = cap - first_position + 1
            notes.append(
                f"Seri di batas kuota {cap}: {', '.join(cap_tie)} berebut {seats} tempat tersisa; "
                f"perlu keputusan juri."
            )
        for r in group:
            position += 1
            if cap is None:
                decision = RANKED
            elif straddles:
                decision = TIE_AT_CAP
            else:
                decision = FORWARD if position <= cap else NOT_FORWARD
            entries.append(
                NominationResult(
                    r.code,
                    r.name,
                    r.total,
                    r.total_display,
                    r.jurors,
                    r.aspect_means,
                    rank=first_position,
                    position=position,
                    tie=tie,
                    tie_note=tie_note,
                    decision=decision,
                )
            )
    for r in scored:
        if r.total_display is None:
            entries.append(r)
            notes.append(f"{r.code}: tidak ada juri yang menilai lengkap; tidak dapat diperingkat.")
    for r in scored:
        for j in r.incomplete_jurors:
            notes.append(
                f"{r.code}: nilai juri {j.juror} tidak lengkap (belum ada: {', '.join(j.missing)}); tidak dihitung."
            )
    return Ranking(tuple(entries), cap, cap_tie, tuple(notes))


# --- serialisation and CLI -------------------------------------------------------------------------


def _num(value: Fraction | Decimal | None) -> str | None:
    if value is None:
        return None
    return str(value if isinstance(value, Decimal) else round_half_up(value))


def to_dict(ranking: Ranking) -> dict[str, Any]:
    return {
        "cap": ranking.cap,
        "cap_tie": list(ranking.cap_tie),
        "notes": list(ranking.notes),
        "entries": [
            {
                "code": e.code,
                "name": e.name,
                "rank": e.rank,
                "position": e.position,
                "total": _num(e.total_display),
                "tie": e.tie,
                "tie_note": e.tie_note,
                "decision": e.decision,
                "jurors": [
                    {
                        "juror": j.juror,
                        "total": _num(j.total),
                        "complete": j.complete,
                        "missing": list(j.missing),
                    }
                    for j in e.jurors
                ],
                "aspect_means": {k: _num(v) for k, v in e.aspect_means.items()},
            }
            for e in ranking.entries
        ],
    }


def _parse_input(data: Any) -> tuple[list[AspectWeight], Scale, list[Nomination], int | None]:
    if not isinstance(data, dict):
        raise ValueError("Isi berkas harus objek JSON.")
    cap = data.get("cap")
    if "scheme" in data:
        scheme = load_scheme(str(data["scheme"]))
        group_code = data.get("group")
        try:
            group = scheme.group(str(group_code))
        except KeyError:
            known = ", ".join(g.code for g in scheme.groups)
            raise ValueError(
                f"Kelompok {group_code!r} tidak ada di skema {scheme.key} (yang ada: {known})."
            ) from None
        aspects = [AspectWeight(a.code, a.name, a.weight) for a in group.aspects]
        scale = Scale(Fraction(scheme.scale.min), Fraction(scheme.scale.max))
        if "cap" not in data:
            cap = scheme.cap_per_instance
    else:
        raw_aspects = data.get("aspects")
        if not isinstance(raw_aspects, list):
            raise ValueError("Berikan 'scheme' dan 'group', atau daftar 'aspects'.")
        aspects = []
        for i, a in enumerate(raw_aspects):
            if not isinstance(a, dict) or "code" not in a or "weight" not in a:
                raise ValueError(f"aspects[{i}]: harus objek dengan 'code' dan 'weight' (persen).")
            try:
                percent = Fraction(Decimal(str(a["weight"])))
            except (InvalidOperation, ValueError):
                raise ValueError(f"aspects[{i}].weight: {a['weight']!r} bukan angka.") from None
            aspects.append(AspectWeight(str(a["code"]), str(a.get("name", a["code"])), percent / 100))
        raw_scale = data.get("scale", {"min": 0, "max": 100})
        if not isinstance(raw_scale, dict):
            raise ValueError("'scale' harus objek {min, max}.")
        scale = Scale(
            to_fraction(raw_scale.get("min"), "scale.min"), to_fraction(raw_scale.get("max"), "scale.max")
        )
    raw_noms = data.get("nominations")
    if not isinstance(raw_noms, list):
        raise ValueError("'nominations' harus daftar nominasi.")
    nominations = []
    for i, n in enumerate(raw_noms):
        if not isinstance(n, dict) or "code" not in n or not isinstance(n.get("scores", {}), dict):
            raise ValueError(
                f"nominations[{i}]: harus objek dengan 'code' dan 'scores' {{juri: {{aspek: nilai}}}}."
            )
        nominations.append(Nomination(str(n["code"]), str(n.get("name", n["code"])), n.get("scores", {})))
    return aspects, scale, nominations, cap


def format_text(ranking: Ranking) -> str:
    lines = [f"{'Peringkat':>9}  {'Urutan':>6}  {'Kode':<12} {'Total':>7}  {'Juri':>4}  Keputusan"]
    for e in ranking.entries:
        rank_text = "-" if e.rank is None else f"{e.rank}{'=' if e.tie else ''}"
        total = "-" if e.total_display is None else format_id(e.total_display)
        lines.append(
            f"{rank_text:>9}  {e.position or '-':>6}  {e.code:<12} {total:>7}  {len(e.complete_jurors):>4}  "
            f"{DECISION_LABELS[e.decision]}"
        )
    if ranking.cap is not None:
        lines.append(f"Kuota: {ranking.cap}")
    lines.extend(f"Catatan: {n}" for n in ranking.notes)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sewaka.innovations.scoring",
        description="Hitung nilai tertimbang juri, peringkat, dan kuota proposal inovasi.",
    )
    parser.add_argument("scores", help="berkas JSON nilai juri; '-' untuk stdin")
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help / usage errors
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.scores == "-":
            text = sys.stdin.read()
        else:
            with open(args.scores, encoding="utf-8") as fh:
                text = fh.read()
        data = json.loads(text)
        ranking = rank(*_parse_input(data))
    except FileNotFoundError:
        sys.stderr.write(f"Galat: berkas {args.scores!r} tidak ditemukan." + "\n")
        return 2
    except json.JSONDecodeError as exc:
        sys.stderr.write(f"Galat: berkas bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno})." + "\n")
        return 2
    except (OSError, UnicodeDecodeError, SchemeError, ValueError) as exc:
        sys.stderr.write(f"Galat: {exc}" + "\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(to_dict(ranking), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_text(ranking))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
