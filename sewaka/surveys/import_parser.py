"""Import SKM answers from xlsx/csv (Google Forms exports in Indonesian or English locale).

Pure parsing and mapping (no database) live here; the services store. Every rejected row is reported
with its line number (the spreadsheet's row number, header = line 1) and a reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from .ikm import UNSUR_KEYS, UNSUR_LABELS

TIMESTAMP = "timestamp"
SERVICE = "service"
GENDER, AGE, EDUCATION, OCCUPATION, SUGGESTION = "gender", "age", "education", "occupation", "suggestion"
IGNORE = ""
PROFILE_TARGETS = (GENDER, AGE, EDUCATION, OCCUPATION)

TARGET_LABELS = {
    TIMESTAMP: "Waktu pengisian (timestamp)",
    SERVICE: "Jenis layanan",
    GENDER: "Jenis kelamin",
    AGE: "Usia",
    EDUCATION: "Pendidikan",
    OCCUPATION: "Pekerjaan",
    SUGGESTION: "Saran",
    **{k: f"Unsur: {v}" for k, v in UNSUR_LABELS.items()},
}

# Keywords found in header texts (unsur names or the questionnaire's wording), checked in this order.
UNSUR_KEYWORDS = {
    "persyaratan": ("persyaratan", "requirement"),
    "prosedur": ("prosedur", "mekanisme", "procedure"),
    "kompetensi": ("kompetensi", "kemampuan petugas", "competence"),
    "perilaku": ("perilaku", "kesopanan", "keramahan", "behaviour", "behavior"),
    "pengaduan": ("pengaduan", "complaint"),
    "sarana": ("sarana", "prasarana", "facilit"),
    "biaya": ("biaya", "tarif", "cost", "fee"),
    "produk": ("produk", "spesifikasi", "product"),
    "waktu": ("waktu", "kecepatan", "speed", "time"),
}
TIMESTAMP_WORDS = ("timestamp", "stempel waktu", "cap waktu", "tanda waktu", "waktu pengisian")
PROFILE_WORDS = {
    GENDER: ("jenis kelamin", "kelamin", "gender", "sex"),
    AGE: ("usia", "umur", "age"),
    EDUCATION: ("pendidikan", "education"),
    OCCUPATION: ("pekerjaan", "occupation", "profesi"),
}
SERVICE_WORDS = ("jenis layanan", "layanan yang", "nama layanan", "service")
SUGGESTION_WORDS = ("saran", "suggestion", "masukan")

# --- Profile values: exact labels only, never a guess ------------------------------------------
# A value is read through `value_key` (lower case, one space, one kind of dash, no spaces around "/" or "-").
# Gender and occupation labels must match a known label as a whole. Education and occupation labels may
# list several known labels ("SLTA/SMA/SMK", "D1-D3-D4", "Sarjana (S1)"): they map only when every
# part is known and all parts belong to the same group ("S1/D4" and "TNI/POLRI" stay unknown). Anything
# else is shown on the value-mapping screen: the user maps it, or its rows are rejected with line and value.

GENDER_VALUES = {
    "l": "L",
    "lk": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "lelaki": "L",
    "pria": "L",
    "male": "L",
    "m": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "female": "P",
    "f": "P",
}
EDUCATION_PARTS = {
    "sd": (
        "sd",
        "mi",
        "sd sederajat",
        "sd ke bawah",
        "sd kebawah",
        "tidak sekolah",
        "belum sekolah",
        "tidak tamat sd",
        "tidak/belum sekolah",
        "primary school",
        "elementary school",
        "paket a",
    ),
    "smp": ("smp", "sltp", "mts", "smp sederajat", "sltp sederajat", "junior high school", "paket b"),
    "sma": (
        "sma",
        "smk",
        "slta",
        "ma",
        "smu",
        "stm",
        "mak",
        "sma sederajat",
        "slta sederajat",
        "smk sederajat",
        "high school",
        "senior high school",
        "paket c",
    ),
    "d1_d4": (
        "d1",
        "d2",
        "d3",
        "d4",
        "diploma",
        "d1-d4",
        "d1 s.d. d4",
        "d1 sd d4",
        "akademi",
        "diploma i",
        "diploma ii",
        "diploma iii",
        "diploma iv",
    ),
    "s1": ("s1", "sarjana", "strata 1", "strata satu", "bachelor", "bachelor's degree"),
    "s2": (
        "s2",
        "s3",
        "pascasarjana",
        "magister",
        "master",
        "doktor",
        "doktoral",
        "doctor",
        "doctorate",
        "postgraduate",
        "s2 ke atas",
        "s2 keatas",
        "strata 2",
        "strata 3",
        "spesialis",
    ),
}
OCCUPATION_PARTS = {
    "pns": (
        "pns",
        "asn",
        "pegawai negeri",
        "pegawai negeri sipil",
        "aparatur sipil negara",
        "pppk",
        "civil servant",
    ),
    "tni": ("tni",),
    "polri": ("polri", "polisi"),
    "swasta": (
        "swasta",
        "pegawai swasta",
        "karyawan swasta",
        "karyawan",
        "pegawai/karyawan swasta",
        "private employee",
    ),
    "wirausaha": ("wirausaha", "wiraswasta", "pengusaha", "usaha sendiri", "entrepreneur", "self-employed"),
    "pelajar": ("pelajar", "mahasiswa", "siswa", "student"),
    "lainnya": (
        "lainnya",
        "lain-lain",
        "lain lain",
        "other",
        "others",
        "ibu rumah tangga",
        "irt",
        "tidak bekerja",
        "belum bekerja",
        "pensiunan",
    ),
}
# The report's age groups (selectors.AGE_BINS): (lowest, highest, label). An age given as a range
# ("20-29 tahun") maps to its group when the range lies inside one group; it is stored as the age in
# AGE_STORED (the profile counts groups only). A range across two groups is unknown.
AGE_GROUPS = (
    (0, 19, "< 20"),
    (20, 29, "20–29"),
    (30, 39, "30–39"),
    (40, 49, "40–49"),
    (50, 59, "50–59"),
    (60, 200, "≥ 60"),
)
AGE_STORED = {"< 20": 19, "20–29": 20, "30–39": 30, "40–49": 40, "50–59": 50, "≥ 60": 60}
AGE_MIN, AGE_MAX = 10, 120

# Codes the user may choose on the value-mapping screen besides a real value.
BLANK = "-"  # store the field empty (the respondent gave no usable answer to this profile question)
REJECT = "!"  # reject the rows carrying this value (the default for an unknown value)
SKIP = "~"  # services only: leave these rows out of this import (another service, not this period's)
VALUE_TARGETS = (GENDER, AGE, EDUCATION, OCCUPATION, SERVICE)

_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_SLASH = re.compile(r"\s*/\s*")


def value_key(value: object) -> str:
    """The form under which a cell value is looked up: lower case, one space, one dash, tight slashes."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _key_of_text(str(value or ""))


# The parsing functions below are called once per cell of files with 100 000 rows, whose cells repeat a
# few dozen distinct texts: their results are cached per text (pure functions; bounded caches).
@lru_cache(maxsize=16384)
def _key_of_text(text: str) -> str:
    return _SLASH.sub("/", _DASHES.sub("-", _normalise_text(text).strip(" .,;:")))


def _education_canonical(part: str) -> str:
    part = re.sub(r"\bd-?\s?(iv|iii|ii|i|[1-4])\b", lambda m: "d" + _ROMAN.get(m.group(1), m.group(1)), part)
    part = re.sub(r"\bs-([1-3])\b", r"s\1", part)
    part = re.sub(
        r"\bstrata[ -]?(i{1,3}|[1-3])\b", lambda m: "strata " + _ROMAN.get(m.group(1), m.group(1)), part
    )
    part = part.replace("pasca sarjana", "pascasarjana").replace("pasca-sarjana", "pascasarjana")
    return re.sub(r"\s+(?:(?:atau|dan) )?sederajat$", "", part)


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_EDU_INDEX = {label: code for code, labels in EDUCATION_PARTS.items() for label in labels}
_OCC_INDEX = {label: code for code, labels in OCCUPATION_PARTS.items() for label in labels}


def _by_parts(key: str, index: dict[str, str], canonical=lambda p: p) -> str | None:
    """The group of a label made of known parts, all of one group; None otherwise."""
    whole = canonical(key)
    if whole in index:
        return index[whole]
    text = re.sub(r"\(([^()]*)\)", r"/\1", key)  # "Sarjana (S1)" → "sarjana/s1"
    parts = [canonical(p.strip()) for p in re.split(r"[/,;]|-(?=[a-z])|\batau\b|\bdan\b", text)]
    parts = [p for p in parts if p and p != "sederajat"]
    codes = {index.get(p) for p in parts}
    if not parts or None in codes or len(codes) != 1:
        return None
    return codes.pop()


def _age(key: str) -> int | None:
    match = re.fullmatch(r"(\d{1,3})(?: ?(?:tahun|thn|th))?", key)
    if match and AGE_MIN <= int(match.group(1)) <= AGE_MAX:
        return int(match.group(1))
    lo = hi = None
    if m := re.fullmatch(r"(\d{1,3}) ?(?:-|s\.?d\.?|sampai|hingga) ?(\d{1,3})(?: ?(?:tahun|thn|th))?", key):
        lo, hi = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(?:<|kurang dari|di ?bawah) ?(\d{1,3})(?: ?(?:tahun|thn|th))?", key):
        lo, hi = 0, int(m.group(1)) - 1
    elif m := re.fullmatch(r"(?:>|lebih dari|di ?atas) ?(\d{1,3})(?: ?(?:tahun|thn|th))?", key):
        lo, hi = int(m.group(1)) + 1, 200
    elif m := re.fullmatch(
        r"(?:≥|>=) ?(\d{1,3})(?: ?(?:tahun|thn|th))?|(\d{1,3}) ?(?:tahun|thn|th)? ?(?:ke ?atas|\+)", key
    ):
        lo, hi = int(m.group(1) or m.group(2)), 200
    if lo is None or hi is None or lo > hi:
        return None
    for group_lo, group_hi, label in AGE_GROUPS:
        if group_lo <= lo and hi <= group_hi:
            return AGE_STORED[label]
    return None


def is_plain_age(key: str) -> bool:
    """An age written as a number in range ("34", "34 tahun"): read as is, not listed for mapping."""
    return bool(re.fullmatch(r"\d{1,3}(?: ?(?:tahun|thn|th))?", key)) and _age(key) is not None


def known_value(target: str, value: object) -> str | int | None:
    """The stored code of a known label, or None when the label is not known (never a guess)."""
    return _known_key(target, value_key(value))


@lru_cache(maxsize=16384)
def _known_key(target: str, key: str) -> str | int | None:
    if target == GENDER:
        return GENDER_VALUES.get(key)
    if target == AGE:
        return _age(key)
    if target == EDUCATION:
        return _by_parts(key, _EDU_INDEX, _education_canonical)
    if target == OCCUPATION:
        return _by_parts(key, _OCC_INDEX)
    raise ValueError(target)


_SPACES = re.compile(r"\s+")


def normalise(text: object) -> str:
    return _normalise_text(str(text or ""))


@lru_cache(maxsize=16384)
def _normalise_text(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lower())


def guess_target(header: str, taken: set[str]) -> str:
    """The most likely target of a column from its header text; IGNORE when unsure."""
    h = normalise(header)
    if not h:
        return IGNORE
    candidates: list[str] = []
    if any(w in h for w in TIMESTAMP_WORDS):
        candidates.append(TIMESTAMP)
    for key in UNSUR_KEYS:
        if h == key:
            candidates.insert(0, key)
    for key, words in UNSUR_KEYWORDS.items():
        if any(w in h for w in words):
            candidates.append(key)
    for target, words in PROFILE_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", h) for w in words):
            candidates.append(target)
    if any(w in h for w in SERVICE_WORDS) or h == "layanan":
        candidates.append(SERVICE)
    if any(w in h for w in SUGGESTION_WORDS):
        candidates.append(SUGGESTION)
    # A profile or timestamp header must win over an unsur keyword it happens to contain ("stempel waktu").
    for preferred in (TIMESTAMP, GENDER, AGE, EDUCATION, OCCUPATION):
        if preferred in candidates and preferred not in taken and (preferred != AGE or len(h) < 30):
            return preferred
    for target in candidates:
        if target not in taken:
            return target
    return IGNORE


def auto_mapping(headers: list[str]) -> list[str]:
    taken: set[str] = set()
    mapping = []
    for header in headers:
        target = guess_target(header, taken)
        if target:
            taken.add(target)
        mapping.append(target)
    return mapping


# --- Parsing values -------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    line: int
    answers: dict[str, int | None]
    submitted_at: datetime | None = None
    service_name: str = ""
    gender: str = ""
    age: int | None = None
    education: str = ""
    occupation: str = ""
    suggestion: str = ""
    service_id: int | None = None
    skip: bool = False  # the user chose to leave this row's service out of the import
    errors: list[str] = field(default_factory=list)

    def key(self, period_id: int, file_sha: str) -> str:
        """Identity of the row across files: timestamp and answers, or file and line without a timestamp."""
        if self.submitted_at is not None:
            basis = (
                f"{period_id}|{self.submitted_at.isoformat()}|"
                + ",".join(map(str, map(self.answers.get, UNSUR_KEYS)))
                + f"|{self.gender}|{self.age}|{self.service_name}"
            )
        else:
            basis = f"{period_id}|{file_sha}|{self.line}"
        return "imp:" + hashlib.sha256(basis.encode()).hexdigest()[:60]


def parse_answer(value: object, labels: list[str]) -> int | None:
    """1–4, '1'…'4', '4 - Sangat sesuai', or an answer label in any letter case. None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1 <= int(value) <= 4:
            return int(value)
        raise ValueError
    text = normalise(value)
    if not text:
        return None
    answer = _answer_of_text(text, tuple(labels))
    if answer is None:
        raise ValueError
    return answer


@lru_cache(maxsize=16384)
def _answer_of_text(text: str, labels: tuple[str, ...]) -> int | None:
    match = re.match(r"^([1-4])(\s*[-.·:)]|\s|$)", text)
    if match:
        return int(match.group(1))
    lowered = [normalise(label) for label in labels]
    if text in lowered:
        return lowered.index(text) + 1
    return None


DATE_FORMATS_DMY = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H.%M.%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
)
DATE_FORMATS_MDY = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y")
WITA_OFFSET_MINUTES = 8 * 60  # Asia/Makassar has no daylight saving
DATE_FORMATS_GFORMS = ("%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %I.%M.%S %p")
DATE_FORMATS_ISO = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
)


def detect_date_order(samples: list[str]) -> str:
    """'dmy' (Indonesian locale, default) or 'mdy' (English locale) from the timestamp texts."""
    for text in samples:
        match = re.match(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}", text or "")
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12:
                return "dmy"
            if second > 12:
                return "mdy"
    return "dmy"


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})")


def parse_timestamp(value: object, order: str) -> datetime | None:
    if value is None or value == "":
        return None
    if type(value) is str and (match := _SLASHED.fullmatch(value)):
        # The common export exactly as written ("24/11/2026 14:05:33"): no spaces to tidy, no GMT suffix.
        first, second, year, hour, minute, second_ = map(int, match.groups())
        day, month = (first, second) if order == "dmy" else (second, first)
        try:
            return datetime(year, month, day, hour, minute, second_)
        except ValueError:
            pass  # an impossible date: the formats below decide, as for any other text
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = re.sub(r"\s+", " ", str(value).strip())
    # Google Forms' own CSV download: "2026/11/24 2:05:33 PM GMT+8" (or "GMT+07:00"); convert to WITA.
    offset = None
    match = re.search(r"\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$", text)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        offset = sign * (int(match.group(2)) * 60 + int(match.group(3) or 0))
        text = text[: match.start()].strip()
    elif match := _SLASHED.fullmatch(text):
        # The common export ("24/11/2026 14:05:33"), read without strptime; no ISO or Google Forms format
        # reads these texts, so the result is the DMY/MDY format's. An impossible date falls through.
        first, second, year, hour, minute, second_ = (int(g) for g in match.groups())
        day, month = (first, second) if order == "dmy" else (second, first)
        try:
            return datetime(year, month, day, hour, minute, second_)
        except ValueError:
            pass
    formats = (
        DATE_FORMATS_ISO + DATE_FORMATS_GFORMS + (DATE_FORMATS_DMY if order == "dmy" else DATE_FORMATS_MDY)
    )
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if offset is not None:
            parsed = parsed - timedelta(minutes=offset) + timedelta(minutes=WITA_OFFSET_MINUTES)
        return parsed
    raise ValueError


def resolve_value(target: str, value: object, chosen: dict[str, str]) -> tuple[str, str | int | None]:
    """How a profile cell is stored: ("ok", code or None for empty), or ("unknown"|"reject", None).

    `chosen` is the user's mapping for this target (value_key → code, BLANK or REJECT); it wins over the
    known labels. A value neither known nor mapped is "unknown": its row is rejected, never guessed.
    """
    key = value_key(value)
    if not key:
        return "ok", None
    if key in chosen:
        code = chosen[key]
        if code == REJECT:
            return "reject", None
        if code == BLANK:
            return "ok", None
        return "ok", int(code) if target == AGE else code
    known = known_value(target, value)
    return ("unknown", None) if known is None else ("ok", known)


_UNSUR = frozenset(UNSUR_KEYS)


def _shown(value: object) -> str:
    return str(value)[:40] if value is not None else ""


def parse_row(
    line: int,
    cells: list,
    mapping: list[str],
    labels: dict[str, list[str]],
    date_order: str,
    headers: list[str],
    values: dict[str, dict[str, str]] | None = None,
    services: dict[str, int] | None = None,
) -> ParsedRow:
    """One row: answers, timestamp, profile and service resolved through the user's value mapping."""
    return RowParser(mapping, labels, date_order, headers, values, services).parse(line, cells)


class RowParser:
    """`parse_row` for every row of one file: the column plan is made once, and what a text cell of a
    column means (its answer, code or error) is remembered per distinct text — a Google Forms column holds
    a few dozen distinct values, so a row costs about one dictionary look-up per cell. Non-text cells (xlsx
    numbers, dates) are read each time. The timestamp column is not remembered (nearly every text differs).
    """

    def __init__(
        self,
        mapping: list[str],
        labels: dict[str, list[str]],
        date_order: str,
        headers: list[str],
        values: dict[str, dict[str, str]] | None = None,
        services: dict[str, int] | None = None,
    ):
        self.labels, self.date_order = labels, date_order
        self.values, self.services = values or {}, services or {}
        self.columns = []  # (index, target, column name, memo of text → outcome)
        # The fast path: texts known to give no error — an unsur's answer, another column's attributes.
        self.fast_answers: list[tuple[str, int, dict]] = []
        self.fast_others: list[tuple[int, dict]] = []
        self.fast = {}  # target → its fast memo
        self.stamp_index = None
        for index, target in enumerate(mapping):
            if not target:
                continue
            column = headers[index] if index < len(headers) else f"#{index + 1}"
            if target == TIMESTAMP:
                self.columns.append((index, target, column, None))
                self.stamp_index = index
                continue
            self.columns.append((index, target, column, {}))
            self.fast[target] = {}
            if target in _UNSUR:
                self.fast_answers.append((target, index, self.fast[target]))
            else:
                self.fast_others.append((index, self.fast[target]))
        self.width = max((c[0] + 1 for c in self.columns), default=0)

    def parse(self, line: int, cells: list) -> ParsedRow:
        if len(cells) >= self.width:
            # Every cell a text seen before without an error (most rows after the first few): look-ups only.
            try:
                answers = dict.fromkeys(UNSUR_KEYS)
                for key, index, memo in self.fast_answers:
                    answers[key] = memo[cells[index]]
                attrs = [memo[cells[index]] for index, memo in self.fast_others]
                stamp = None
                if self.stamp_index is not None:
                    stamp = parse_timestamp(cells[self.stamp_index], self.date_order)
            except (KeyError, TypeError, ValueError):
                pass  # an unseen text, a number or date cell, an error: the full reading below
            else:
                if any(v is not None for v in answers.values()):
                    row = ParsedRow(line=line, answers=answers, submitted_at=stamp)
                    for pairs in attrs:
                        for name, value in pairs:
                            setattr(row, name, value)
                    return row
        return self._parse(line, cells)

    def _parse(self, line: int, cells: list) -> ParsedRow:
        row = ParsedRow(line=line, answers=dict.fromkeys(UNSUR_KEYS))
        count = len(cells)
        errors = row.errors
        for index, target, column, memo in self.columns:
            value = cells[index] if index < count else None
            if memo is None:  # the timestamp
                try:
                    row.submitted_at = parse_timestamp(value, self.date_order)
                except ValueError:
                    errors.append(f"kolom “{column[:40]}”: waktu “{str(value)[:30]}” tidak dapat dibaca")
                continue
            outcome = memo.get(value) if type(value) is str else None
            if outcome is None:
                outcome = self._outcome(target, column, value)
                if type(value) is str and len(memo) < 4096:
                    memo[value] = outcome
                    if outcome[2] is None:
                        self.fast[target][value] = outcome[0] if target in _UNSUR else outcome[1]
            answer, attrs, error = outcome
            if answer is not None:
                row.answers[target] = answer
            for name, attr_value in attrs:
                setattr(row, name, attr_value)
            if error is not None:
                errors.append(error)
        if not errors and all(v is None for v in row.answers.values()):
            errors.append("tidak ada satu pun unsur yang dijawab")
        return row

    def _outcome(self, target: str, column: str, value: object) -> tuple:
        """What one cell does to its row: (answer or None, ((attribute, value), …), error or None)."""
        if target in _UNSUR:
            try:
                return parse_answer(value, self.labels[target]), (), None
            except ValueError:
                return (
                    None,
                    (),
                    f"kolom “{column[:40]}”: jawaban “{str(value)[:30]}” tidak dikenal (harus 1–4 atau label jawaban)",
                )
        if target == SERVICE:
            attrs: tuple = (("service_name", str(value or "").strip()),)
            key = value_key(value)
            chosen = self.values.get(SERVICE, {}).get(key)
            if not key:
                return None, attrs, None
            if chosen == SKIP:
                return None, (*attrs, ("skip", True)), None
            if chosen and chosen not in (REJECT, BLANK):
                return None, (*attrs, ("service_id", int(chosen))), None
            if chosen is None and key in self.services:
                return None, (*attrs, ("service_id", self.services[key])), None
            if chosen == REJECT:
                return None, attrs, f"layanan “{_shown(value)}” ditolak pada pemetaan nilai"
            if chosen != BLANK:
                return (
                    None,
                    attrs,
                    f"layanan “{_shown(value)}” tidak termasuk periode ini; petakan ke layanan periode atau abaikan barisnya",
                )
            return None, attrs, None
        if target == SUGGESTION:
            return None, (("suggestion", str(value or "").strip()[:5000]),), None
        status, code = resolve_value(target, value, self.values.get(target, {}))
        if status == "unknown":
            return (
                None,
                (),
                f"kolom “{column[:40]}”: nilai “{_shown(value)}” tidak dikenal; petakan nilainya atau perbaiki berkasnya",
            )
        if status == "reject":
            return None, (), f"kolom “{column[:40]}”: nilai “{_shown(value)}” ditolak pada pemetaan nilai"
        return None, ((target, code),) if code is not None else (), None
