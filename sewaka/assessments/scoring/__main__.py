"""Command line: score an assessment instrument.

    python -m sewaka.assessments.scoring INSTRUMENT --score 87.995     # band lookup only
    python -m sewaka.assessments.scoring INSTRUMENT answers.json       # full result ("-" = stdin)

INSTRUMENT is a code (file name without .json in sewaka/assessments/instruments/) or a path.
answers.json: {"indicator code": integer or null, ...}, optionally wrapped as {"answers": {...}};
or {"dimensions": {"dimension code": number, ...}} to total published dimension scores.
Bad input exits with code 2 and an Indonesian message on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sewaka.assessments.scoring.engine import (
    available_instruments,
    classification_dict,
    classify,
    load_instrument,
    score,
    score_dimensions,
    to_dict,
)


def _err(message: str) -> int:
    sys.stderr.write(f"Galat: {message}\n")
    return 2


def _out(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _read_json(path: str) -> Any:
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    return json.loads(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sewaka.assessments.scoring",
        description="Hitung nilai dan kategori instrumen penilaian (Ombudsman, PEKPPP, Monev kota).",
    )
    parser.add_argument("instrument", help=f"kode instrumen ({', '.join(available_instruments())}) atau path")
    parser.add_argument(
        "answers", nargs="?", help="berkas JSON jawaban (kode indikator → nilai); '-' untuk stdin"
    )
    parser.add_argument("--score", help="nilai total yang akan dicari kategorinya (mis. 87.995 atau 87,995)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help / usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if (args.answers is None) == (args.score is None):
        return _err("berikan tepat satu: berkas jawaban JSON atau --score NILAI.")
    try:
        instrument = load_instrument(args.instrument)
    except ValueError as exc:
        return _err(str(exc))

    if args.score is not None:
        try:
            cls = classify(instrument, args.score)
        except (TypeError, ValueError) as exc:
            return _err(str(exc))
        _out(classification_dict(cls))
        return 0

    try:
        data = _read_json(args.answers)
    except FileNotFoundError:
        return _err(f"berkas {args.answers!r} tidak ditemukan.")
    except json.JSONDecodeError as exc:
        return _err(f"berkas {args.answers!r} bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}).")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _err(f"berkas {args.answers!r} tidak dapat dibaca: {exc}.")
    if not isinstance(data, dict):
        return _err("isi berkas jawaban harus objek JSON {kode indikator: nilai}.")
    try:
        if set(data) == {"dimensions"}:
            result = score_dimensions(instrument, data["dimensions"])
        else:
            answers = data["answers"] if set(data) == {"answers"} else data
            result = score(instrument, answers)
    except (TypeError, ValueError) as exc:
        return _err(str(exc))
    _out(to_dict(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
