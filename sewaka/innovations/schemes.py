"""Competition schemes as versioned data (issue 18 item 3). Pure: stdlib only, no Django.

One JSON file per scheme and year in sewaka/innovations/schemes/ (e.g. kipp-2023.json); the full format
is in docs/scoring.md, "Competition schemes (innovations)". In short:

    {"format": 1, "code": "kipp", "name": ..., "organiser": ..., "year": 2023, "version": "2023.1",
     "status": S, "sources": [...], "example": false, "note": "...",
     "scale": {"min": 0, "max": 100},
     "registration_deadline": {"value": "YYYY-MM-DD" | null, "status": S, "source": ...},
     "cap_per_instance": {"value": int | null, "status": S, "source": ...},
     "categories": {"status": S, "source": ..., "items": [{"code", "name", "status", "source"}]},
     "groups": [{"code", "name", "description", "status", "source",
                 "rules": [{"type": ..., "status", "source", "note", ...type parameters}],
                 "aspects": [{"code", "name", "question", "weight": "10" (percent, exact decimal),
                              "max_words": {"value": int | null, "status", "source"}, "status", "source"}]}],
     "stages": [{"code", "name", "date": {"value": "YYYY-MM-DD" | null, "status", "source"}, "status", "source"}],
     "awards": [{"code", "name", "order", "status", "source"}]}

Every fact carries a status S: "confirmed", "corroborated" or "unconfirmed" (the UI flags unconfirmed ones).
Rule types: min_implementation, award_history, category_required, innovator_sk_required, within_cap
(evaluated by sewaka.innovations.eligibility). Bad data raises SchemeError with an Indonesian message.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

SCHEMES_DIR = Path(__file__).resolve().parent / "schemes"
FORMAT_VERSION = 1

CONFIRMED = "confirmed"
CORROBORATED = "corroborated"
UNCONFIRMED = "unconfirmed"
STATUSES: tuple[str, ...] = (CONFIRMED, CORROBORATED, UNCONFIRMED)
STATUS_LABELS: dict[str, str] = {
    CONFIRMED: "Terkonfirmasi",
    CORROBORATED: "Didukung sumber sekunder",
    UNCONFIRMED: "Belum terkonfirmasi",
}

RULE_TYPES: tuple[str, ...] = (
    "min_implementation",
    "award_history",
    "category_required",
    "innovator_sk_required",
    "within_cap",
)
AWARD_HISTORY_MODES: tuple[str, ...] = ("forbid", "max_count", "require")
IMPLEMENTATION_CONDITIONS: tuple[str, ...] = ("replicated", "pandemic_related")

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_FILE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")


class SchemeError(ValueError):
    """Invalid scheme data; the message is Indonesian and names the offending key."""


# --- dataclasses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class Aspect:
    code: str
    name: str
    question: str
    weight: Fraction  # exact share of the total (10 % -> 1/10)
    weight_percent: Decimal  # as written in the file ("10")
    max_words: int | None
    max_words_status: str
    status: str
    source: str | None = None


@dataclass(frozen=True)
class ImplementationAlternative:
    when: str  # "replicated" or "pandemic_related": the innovation fact that enables it
    years: int
    months: int


@dataclass(frozen=True)
class MinImplementationRule:
    """The innovation ran at least years+months, counted back from the registration deadline."""

    years: int
    months: int
    alternatives: tuple[ImplementationAlternative, ...]
    status: str
    source: str | None = None
    note: str = ""
    type: str = "min_implementation"


@dataclass(frozen=True)
class AwardHistoryRule:
    """mode "forbid": no listed award; "max_count": at most max_count of them; "require": at least one.

    Matches history entries of scheme `scheme` with an award in `awards`, a year within
    [year_from, year_to] (None = open) and a group in `groups` (empty = any group).
    """

    mode: str
    awards: tuple[str, ...]
    scheme: str
    year_from: int | None
    year_to: int | None
    groups: tuple[str, ...]
    max_count: int | None
    status: str
    source: str | None = None
    note: str = ""
    type: str = "award_history"


@dataclass(frozen=True)
class CategoryRequiredRule:
    """The innovation's category is one of `categories` (empty = the scheme's categories)."""

    categories: tuple[str, ...]
    status: str
    source: str | None = None
    note: str = ""
    type: str = "category_required"


@dataclass(frozen=True)
class InnovatorSkRequiredRule:
    status: str
    source: str | None = None
    note: str = ""
    type: str = "innovator_sk_required"


@dataclass(frozen=True)
class WithinCapRule:
    """The instance has forwarded fewer proposals than its cap (facts' cap, else the scheme's)."""

    status: str
    source: str | None = None
    note: str = ""
    type: str = "within_cap"


Rule = (
    MinImplementationRule | AwardHistoryRule | CategoryRequiredRule | InnovatorSkRequiredRule | WithinCapRule
)


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    description: str
    status: str
    source: str | None
    rules: tuple[Rule, ...]
    aspects: tuple[Aspect, ...]

    def aspect(self, code: str) -> Aspect:
        for aspect in self.aspects:
            if aspect.code == code:
                return aspect
        raise KeyError(code)


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    status: str
    source: str | None = None


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    date: date | None
    date_status: str
    status: str
    source: str | None = None


@dataclass(frozen=True)
class Award:
    code: str
    name: str
    order: int  # 1 = highest
    status: str
    source: str | None = None


@dataclass(frozen=True)
class SchemeData:
    code: str
    name: str
    organiser: str
    year: int
    version: str
    status: str
    sources: tuple[str, ...]
    example: bool
    note: str
    scale: Scale
    registration_deadline: date | None
    registration_deadline_status: str
    registration_deadline_source: str | None
    cap_per_instance: int | None
    cap_per_instance_status: str
    cap_per_instance_source: str | None
    categories: tuple[Category, ...]
    categories_status: str
    categories_source: str | None
    groups: tuple[Group, ...]
    stages: tuple[Stage, ...]
    awards: tuple[Award, ...]

    @property
    def key(self) -> str:
        """File-style key, e.g. "kipp-2023"."""
        return f"{self.code}-{self.year}"

    def group(self, code: str) -> Group:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)

    def award(self, code: str) -> Award:
        for award in self.awards:
            if award.code == code:
                return award
        raise KeyError(code)

    def unconfirmed_facts(self) -> tuple[str, ...]:
        """Paths of every fact whose status is unconfirmed (for a banner in the UI)."""
        out: list[str] = []
        if self.status == UNCONFIRMED:
            out.append("scheme")
        for name in ("registration_deadline", "cap_per_instance", "categories"):
            if getattr(self, f"{name}_status") == UNCONFIRMED:
                out.append(name)
        for c in self.categories:
            if c.status == UNCONFIRMED:
                out.append(f"categories.{c.code}")
        for g in self.groups:
            if g.status == UNCONFIRMED:
                out.append(f"groups.{g.code}")
            for i, r in enumerate(g.rules):
                if r.status == UNCONFIRMED:
                    out.append(f"groups.{g.code}.rules[{i}]")
            for a in g.aspects:
                if a.status == UNCONFIRMED:
                    out.append(f"groups.{g.code}.aspects.{a.code}")
                if a.max_words_status == UNCONFIRMED:
                    out.append(f"groups.{g.code}.aspects.{a.code}.max_words")
        for s in self.stages:
            if s.status == UNCONFIRMED:
                out.append(f"stages.{s.code}")
            if s.date_status == UNCONFIRMED:
                out.append(f"stages.{s.code}.date")
        for aw in self.awards:
            if aw.status == UNCONFIRMED:
                out.append(f"awards.{aw.code}")
        return tuple(out)


# --- parsing ---------------------------------------------------------------------------------------


def _fail(where: str, message: str) -> SchemeError:
    return SchemeError(f"{where}: {message}" if where else message)


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "harus berupa objek JSON.")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "harus berupa daftar (array) JSON.")
    return value


def _req(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise _fail(where, f"kunci {key!r} wajib ada.")
    return data[key]


def _text(value: Any, where: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise _fail(
            where, "harus berupa teks yang tidak kosong." if not allow_empty else "harus berupa teks."
        )
    return value.strip()


def _opt_text(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    return _text(value, f"{where}.{key}")


def _int(value: Any, where: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"harus bilangan bulat, bukan {value!r}.")
    if minimum is not None and value < minimum:
        raise _fail(where, f"tidak boleh kurang dari {minimum} (tertulis {value}).")
    return value


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _fail(where, f'harus bilangan bulat atau teks desimal (mis. "12.5"), bukan {value!r}.')
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise _fail(where, f"bukan bilangan desimal yang sah: {value!r}.") from None
    if not result.is_finite():
        raise _fail(where, f"bukan bilangan desimal yang sah: {value!r}.")
    return result


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(where, f"harus tanggal YYYY-MM-DD atau null, bukan {value!r}.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"tanggal tidak sah {value!r} (format YYYY-MM-DD).") from None


def _status(data: dict[str, Any], where: str) -> str:
    value = _req(data, "status", where)
    if value not in STATUSES:
        raise _fail(
            f"{where}.status", f"status {value!r} tidak dikenal; pilih salah satu: {', '.join(STATUSES)}."
        )
    return str(value)


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _CODE_RE.match(value):
        raise _fail(where, f"kode {value!r} tidak sah (huruf kecil, angka, '_' atau '-').")
    return value


def _unique(codes: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise _fail(where, f"kode {what} {code!r} muncul lebih dari sekali.")
        seen.add(code)


def _fact(data: dict[str, Any], key: str, where: str) -> tuple[Any, str, str | None]:
    raw = _obj(_req(data, key, where), f"{where}.{key}")
    if "value" not in raw:
        raise _fail(f"{where}.{key}", "kunci 'value' wajib ada (null bila belum diketahui).")
    return raw["value"], _status(raw, f"{where}.{key}"), _opt_text(raw, "source", f"{where}.{key}")


def _year_bound(value: Any, where: str) -> int | None:
    return None if value is None else _int(value, where, minimum=1900)


def _parse_rule(raw: Any, where: str, scheme_code: str) -> Rule:
    data = _obj(raw, where)
    kind = _req(data, "type", where)
    status = _status(data, where)
    source = _opt_text(data, "source", where)
    note = _text(data.get("note", ""), f"{where}.note", allow_empty=True)
    if kind == "min_implementation":
        years = _int(data.get("years", 0), f"{where}.years", minimum=0)
        months = _int(data.get("months", 0), f"{where}.months", minimum=0)
        if years == 0 and months == 0:
            raise _fail(
                where, "lama implementasi minimal harus lebih dari 0 (isi 'years' dan/atau 'months')."
            )
        alternatives: list[ImplementationAlternative] = []
        for i, alt_raw in enumerate(_list(data.get("alternatives", []), f"{where}.alternatives")):
            aw = f"{where}.alternatives[{i}]"
            alt = _obj(alt_raw, aw)
            when = _req(alt, "when", aw)
            if when not in IMPLEMENTATION_CONDITIONS:
                raise _fail(
                    f"{aw}.when",
                    f"kondisi {when!r} tidak dikenal; pilih salah satu: {', '.join(IMPLEMENTATION_CONDITIONS)}.",
                )
            alternatives.append(
                ImplementationAlternative(
                    when=str(when),
                    years=_int(alt.get("years", 0), f"{aw}.years", minimum=0),
                    months=_int(alt.get("months", 0), f"{aw}.months", minimum=0),
                )
            )
        return MinImplementationRule(years, months, tuple(alternatives), status, source, note)
    if kind == "award_history":
        mode = _req(data, "mode", where)
        if mode not in AWARD_HISTORY_MODES:
            raise _fail(
                f"{where}.mode",
                f"mode {mode!r} tidak dikenal; pilih salah satu: {', '.join(AWARD_HISTORY_MODES)}.",
            )
        awards = [
            _code(a, f"{where}.awards[{i}]")
            for i, a in enumerate(_list(_req(data, "awards", where), f"{where}.awards"))
        ]
        if not awards:
            raise _fail(f"{where}.awards", "daftar penghargaan tidak boleh kosong.")
        span = _obj(data.get("years") or {}, f"{where}.years")
        year_from = _year_bound(span.get("from"), f"{where}.years.from")
        year_to = _year_bound(span.get("to"), f"{where}.years.to")
        if year_from is not None and year_to is not None and year_from > year_to:
            raise _fail(f"{where}.years", f"tahun awal {year_from} sesudah tahun akhir {year_to}.")
        groups = [
            _code(g, f"{where}.groups[{i}]")
            for i, g in enumerate(_list(data.get("groups") or [], f"{where}.groups"))
        ]
        max_count: int | None = None
        if mode == "max_count":
            max_count = _int(_req(data, "max", where), f"{where}.max", minimum=0)
        elif "max" in data:
            raise _fail(f"{where}.max", "hanya berlaku untuk mode 'max_count'.")
        scheme = _code(data.get("scheme", scheme_code), f"{where}.scheme")
        return AwardHistoryRule(
            str(mode),
            tuple(awards),
            scheme,
            year_from,
            year_to,
            tuple(groups),
            max_count,
            status,
            source,
            note,
        )
    if kind == "category_required":
        cats = [
            _code(c, f"{where}.categories[{i}]")
            for i, c in enumerate(_list(data.get("categories") or [], f"{where}.categories"))
        ]
        return CategoryRequiredRule(tuple(cats), status, source, note)
    if kind == "innovator_sk_required":
        return InnovatorSkRequiredRule(status, source, note)
    if kind == "within_cap":
        return WithinCapRule(status, source, note)
    raise _fail(
        f"{where}.type", f"jenis aturan {kind!r} tidak dikenal; jenis yang sah: {', '.join(RULE_TYPES)}."
    )


def _parse_aspect(raw: Any, where: str) -> Aspect:
    data = _obj(raw, where)
    weight_percent = _decimal(_req(data, "weight", where), f"{where}.weight")
    if weight_percent < 0 or weight_percent > 100:
        raise _fail(f"{where}.weight", f"bobot harus 0–100 %, tertulis {weight_percent}.")
    max_words, max_words_status, _src = _fact(data, "max_words", where)
    if max_words is not None:
        max_words = _int(max_words, f"{where}.max_words.value", minimum=1)
    return Aspect(
        code=_code(_req(data, "code", where), f"{where}.code"),
        name=_text(_req(data, "name", where), f"{where}.name"),
        question=_text(data.get("question", ""), f"{where}.question", allow_empty=True),
        weight=Fraction(weight_percent) / 100,
        weight_percent=weight_percent,
        max_words=max_words,
        max_words_status=max_words_status,
        status=_status(data, where),
        source=_opt_text(data, "source", where),
    )


def _parse_group(raw: Any, where: str, scheme_code: str) -> Group:
    data = _obj(raw, where)
    code = _code(_req(data, "code", where), f"{where}.code")
    rules = tuple(
        _parse_rule(r, f"{where}.rules[{i}]", scheme_code)
        for i, r in enumerate(_list(data.get("rules", []), f"{where}.rules"))
    )
    aspects = tuple(
        _parse_aspect(a, f"{where}.aspects[{i}]")
        for i, a in enumerate(_list(data.get("aspects", []), f"{where}.aspects"))
    )
    _unique([a.code for a in aspects], f"{where}.aspects", "aspek")
    if aspects:
        total = sum((a.weight_percent for a in aspects), Decimal(0))
        if total != 100:
            raise _fail(
                f"{where}.aspects", f"jumlah bobot aspek kelompok {code!r} harus 100 %, tertulis {total} %."
            )
    return Group(
        code=code,
        name=_text(_req(data, "name", where), f"{where}.name"),
        description=_text(data.get("description", ""), f"{where}.description", allow_empty=True),
        status=_status(data, where),
        source=_opt_text(data, "source", where),
        rules=rules,
        aspects=aspects,
    )


def parse_scheme(data: dict[str, Any]) -> SchemeData:
    """Validate raw scheme JSON (already decoded) and return its frozen form; SchemeError if invalid."""
    data = _obj(data, "skema")
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        raise _fail("format", f"versi format {fmt!r} tidak didukung (yang didukung: {FORMAT_VERSION}).")
    code = _code(_req(data, "code", ""), "code")
    year = _int(_req(data, "year", ""), "year", minimum=1900)
    sources = tuple(
        _text(s, f"sources[{i}]") for i, s in enumerate(_list(data.get("sources", []), "sources"))
    )

    scale_raw = _obj(_req(data, "scale", ""), "scale")
    scale = Scale(
        _decimal(_req(scale_raw, "min", "scale"), "scale.min"),
        _decimal(_req(scale_raw, "max", "scale"), "scale.max"),
    )
    if scale.min >= scale.max:
        raise _fail("scale", f"nilai minimum ({scale.min}) harus lebih kecil dari maksimum ({scale.max}).")

    deadline_raw, deadline_status, deadline_source = _fact(data, "registration_deadline", "")
    deadline = _date(deadline_raw, "registration_deadline.value")
    cap_raw, cap_status, cap_source = _fact(data, "cap_per_instance", "")
    cap = None if cap_raw is None else _int(cap_raw, "cap_per_instance.value", minimum=1)

    cats_raw = _obj(data.get("categories", {"status": UNCONFIRMED, "items": []}), "categories")
    categories_status = _status(cats_raw, "categories")
    categories: list[Category] = []
    for i, c_raw in enumerate(_list(cats_raw.get("items", []), "categories.items")):
        w = f"categories.items[{i}]"
        c = _obj(c_raw, w)
        categories.append(
            Category(
                _code(_req(c, "code", w), f"{w}.code"),
                _text(_req(c, "name", w), f"{w}.name"),
                _status(c, w),
                _opt_text(c, "source", w),
            )
        )
    _unique([c.code for c in categories], "categories.items", "kategori")

    groups = tuple(
        _parse_group(g, f"groups[{i}]", code) for i, g in enumerate(_list(_req(data, "groups", ""), "groups"))
    )
    if not groups:
        raise _fail("groups", "skema harus punya sedikitnya satu kelompok.")
    _unique([g.code for g in groups], "groups", "kelompok")

    stages: list[Stage] = []
    for i, s_raw in enumerate(_list(data.get("stages", []), "stages")):
        w = f"stages[{i}]"
        s = _obj(s_raw, w)
        date_raw, date_status, _src = _fact(s, "date", w)
        stages.append(
            Stage(
                code=_code(_req(s, "code", w), f"{w}.code"),
                name=_text(_req(s, "name", w), f"{w}.name"),
                date=_date(date_raw, f"{w}.date.value"),
                date_status=date_status,
                status=_status(s, w),
                source=_opt_text(s, "source", w),
            )
        )
    _unique([s.code for s in stages], "stages", "tahap")

    awards: list[Award] = []
    for i, a_raw in enumerate(_list(data.get("awards", []), "awards")):
        w = f"awards[{i}]"
        a = _obj(a_raw, w)
        awards.append(
            Award(
                code=_code(_req(a, "code", w), f"{w}.code"),
                name=_text(_req(a, "name", w), f"{w}.name"),
                order=_int(_req(a, "order", w), f"{w}.order", minimum=1),
                status=_status(a, w),
                source=_opt_text(a, "source", w),
            )
        )
    _unique([a.code for a in awards], "awards", "penghargaan")

    category_codes = {c.code for c in categories}
    for g in groups:
        for i, rule in enumerate(g.rules):
            if isinstance(rule, CategoryRequiredRule):
                unknown = [c for c in rule.categories if c not in category_codes]
                if unknown:
                    raise _fail(
                        f"groups.{g.code}.rules[{i}].categories",
                        f"kategori tidak dikenal: {', '.join(unknown)}.",
                    )
            if isinstance(rule, AwardHistoryRule) and rule.scheme == code and awards:
                award_codes = {a.code for a in awards}
                unknown = [a for a in rule.awards if a not in award_codes]
                if unknown:
                    raise _fail(
                        f"groups.{g.code}.rules[{i}].awards",
                        f"penghargaan tidak dikenal: {', '.join(unknown)}.",
                    )

    example = data.get("example", False)
    if not isinstance(example, bool):
        raise _fail("example", "harus true atau false.")
    return SchemeData(
        code=code,
        name=_text(_req(data, "name", ""), "name"),
        organiser=_text(_req(data, "organiser", ""), "organiser"),
        year=year,
        version=_text(str(_req(data, "version", "")), "version"),
        status=_status(data, ""),
        sources=sources,
        example=example,
        note=_text(data.get("note", ""), "note", allow_empty=True),
        scale=scale,
        registration_deadline=deadline,
        registration_deadline_status=deadline_status,
        registration_deadline_source=deadline_source,
        cap_per_instance=cap,
        cap_per_instance_status=cap_status,
        cap_per_instance_source=cap_source,
        categories=tuple(categories),
        categories_status=categories_status,
        categories_source=_opt_text(cats_raw, "source", "categories"),
        groups=groups,
        stages=tuple(stages),
        awards=tuple(awards),
    )


def available_schemes() -> tuple[str, ...]:
    """Keys of the shipped scheme files (file names without .json), sorted."""
    return tuple(sorted(p.stem for p in SCHEMES_DIR.glob("*.json")))


def load_scheme(key_or_path: str | Path) -> SchemeData:
    """Load a shipped scheme by key ("kipp-2023") or a JSON file by path; SchemeError if invalid."""
    ref = str(key_or_path)
    if isinstance(key_or_path, Path) or ref.endswith(".json") or "/" in ref or "\\" in ref:
        path = Path(key_or_path)
    elif _FILE_RE.match(ref):
        path = SCHEMES_DIR / f"{ref}.json"
    else:
        raise SchemeError(f"Kode skema {ref!r} tidak sah.")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemeError(
            f"Skema {ref!r} tidak ditemukan. Skema tersedia: {', '.join(available_schemes())}."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(f"Berkas skema {ref!r} tidak dapat dibaca: {exc}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemeError(
            f"Berkas skema {ref!r} bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno})."
        ) from None
    return parse_scheme(data)
