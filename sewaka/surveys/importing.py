"""Import SKM answers from xlsx/csv (Google Forms exports in Indonesian or English locale).

Pure parsing and mapping (no database) live here; the services store. Every rejected row is reported
with its line number (the spreadsheet's row number, header = line 1) and a reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

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

GENDER_VALUES = {
    "l": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "pria": "L",
    "male": "L",
    "m": "L",
    "p": "P",
    "perempuan": "P",
    "wanita": "P",
    "female": "P",
    "f": "P",
}
EDUCATION_PATTERNS = (
    (r"\b(s2|s3|magister|doktor|master|pascasarjana)\b", "s2"),
    (r"\b(s1|sarjana|bachelor|d4)\b", "s1"),
    (r"\b(d1|d2|d3|diploma)\b", "d1_d4"),
    (r"\b(sma|smk|slta|ma|high school)\b", "sma"),
    (r"\b(smp|sltp|mts|junior)\b", "smp"),
    (r"\b(sd|tidak sekolah|primary|elementary)\b", "sd"),
)
OCCUPATION_PATTERNS = (
    (r"\b(pns|asn|aparatur|civil servant)\b", "pns"),
    (r"\btni\b", "tni"),
    (r"\b(polri|polisi)\b", "polri"),
    (r"\b(wirausaha|wiraswasta|pengusaha|entrepreneur|self)", "wirausaha"),
    (r"\b(swasta|private|karyawan)\b", "swasta"),
    (r"\b(pelajar|mahasiswa|siswa|student)\b", "pelajar"),
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, broken, empty)."""


def normalise(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


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


# --- Reading files ---------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """(headers, iterator of (line number, cells)) for an xlsx or csv file."""
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".xls", ".ods")):
        raise ImportFileError("Format .xls/.ods lama belum didukung. Simpan ulang sebagai .xlsx atau .csv.")
    return _read_csv(data)


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            "Berkas ini bukan lembar kerja Excel (.xlsx) yang utuh. Periksa berkasnya."
        ) from exc
    sheet = wb.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration as exc:
        raise ImportFileError("Lembar kerja pertama kosong.") from exc

    def body():
        for line, row in enumerate(rows, start=2):
            cells = list(row)
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            yield line, cells

    return headers, body()


def _read_csv(data: bytes):
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            "Berkas ini bukan CSV atau Excel (.xlsx). Unggah ekspor Google Forms, .xlsx atau .csv."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = (
        ";"
        if first.count(";") > first.count(",")
        else ("\t" if first.count("\t") > first.count(",") else ",")
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise ImportFileError("Berkas kosong.") from exc
    if len(headers) < 2:
        raise ImportFileError("Berkas tidak berbentuk tabel: baris judul kolom tidak ditemukan.")

    def body():
        try:
            for row in reader:
                if all(not c.strip() for c in row):
                    continue
                yield reader.line_num, row
        except csv.Error as exc:
            raise ImportFileError(f"CSV rusak pada baris {reader.line_num}: {exc}") from exc

    return headers, body()


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
    errors: list[str] = field(default_factory=list)

    def key(self, period_id: int, file_sha: str) -> str:
        """Identity of the row across files: timestamp and answers, or file and line without a timestamp."""
        if self.submitted_at is not None:
            basis = (
                f"{period_id}|{self.submitted_at.isoformat()}|"
                + ",".join(str(self.answers.get(k)) for k in UNSUR_KEYS)
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
    match = re.match(r"^([1-4])(\s*[-.·:)]|\s|$)", text)
    if match:
        return int(match.group(1))
    lowered = [normalise(label) for label in labels]
    if text in lowered:
        return lowered.index(text) + 1
    raise ValueError


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


def parse_timestamp(value: object, order: str) -> datetime | None:
    if value is None or value == "":
        return None
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


def parse_profile(target: str, value: object) -> str | int | None:
    text = normalise(value)
    if not text:
        return None
    if target == GENDER:
        return GENDER_VALUES.get(text)
    if target == AGE:
        match = re.match(r"^(\d{1,3})", text)
        age = int(match.group(1)) if match else None
        return age if age is not None and 10 <= age <= 120 else None
    patterns = EDUCATION_PATTERNS if target == EDUCATION else OCCUPATION_PATTERNS
    for pattern, code in patterns:
        if re.search(pattern, text):
            return code
    return "lainnya" if target == OCCUPATION else None


def parse_row(
    line: int,
    cells: list,
    mapping: list[str],
    labels: dict[str, list[str]],
    date_order: str,
    headers: list[str],
) -> ParsedRow:
    row = ParsedRow(line=line, answers=dict.fromkeys(UNSUR_KEYS))
    for index, target in enumerate(mapping):
        if not target:
            continue
        value = cells[index] if index < len(cells) else None
        column = headers[index] if index < len(headers) else f"#{index + 1}"
        if target in UNSUR_KEYS:
            try:
                row.answers[target] = parse_answer(value, labels[target])
            except ValueError:
                row.errors.append(
                    f"kolom “{column[:40]}”: jawaban “{str(value)[:30]}” tidak dikenal (harus 1–4 atau label jawaban)"
                )
        elif target == TIMESTAMP:
            try:
                row.submitted_at = parse_timestamp(value, date_order)
            except ValueError:
                row.errors.append(f"kolom “{column[:40]}”: waktu “{str(value)[:30]}” tidak dapat dibaca")
        elif target == SERVICE:
            row.service_name = str(value or "").strip()
        elif target == SUGGESTION:
            row.suggestion = str(value or "").strip()[:5000]
        else:
            parsed = parse_profile(target, value)
            if parsed is not None:
                setattr(row, target, parsed)
    if not row.errors and all(v is None for v in row.answers.values()):
        row.errors.append("tidak ada satu pun unsur yang dijawab")
    return row
