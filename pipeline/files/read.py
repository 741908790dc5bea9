"""Reading a file as a declared source, and the messy-input decisions, in one place.

Files come from many hands (spreadsheets exported in other locales, tables copied out of PDFs), so
each kind of mess is handled on purpose, in one of three ways:

- reject the file (SourceReadError, exit 2) when it cannot be read as the source at all: missing,
  empty, header only, binary, a spreadsheet or PDF renamed .csv, UTF-16, not UTF-8 (Latin-1/cp1252),
  another delimiter, missing/extra/duplicated columns, a row with the wrong number of fields, a file
  cut off mid-row. The message says what was found and how to fix it.
- normalise a cell when the meaning is unambiguous, and RECORD it (never silently): a UTF-8 byte
  order mark, padding spaces, thousands separators ("6,279", "6 279"), footnote markers on numbers
  ("1,015[12]", "2,029*": the marker is kept in the record's `detail`), a missing-value marker
  ("-", "n/a": becomes NULL), a percent sign on a percentage ("90%"), a typographic minus.
  The records become `audit.normalisations` in the warehouse and are printed by `validate --file`.
- leave everything else to the source's rules, which quarantine the row (e.g. "6.279" or "90,5":
  thousands or decimal? we do not guess).
"""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pandas as pd

from ..errors import SourceReadError

# The quarantine's and the normalisations' columns are declared once (pipeline/validate/outcome.py): every
# engine (GX, SQL records) writes them and the warehouse's audit tables add source and file in front.
from ..validate.outcome import NOTE_COLUMNS, QUARANTINE_COLUMNS  # noqa: E402,F401 (one declaration)

MISSING_MARKERS = {"-", "--", "\u2013", "\u2014", "n/a", "na", "n.a.", "..", "\u2026", "?"}
FOOTNOTE_RE = re.compile(r"^(?P<num>.*?[0-9%])\s*(?P<mark>(?:\[[A-Za-z0-9 ,]{1,8}\])+|\*{1,3}|[\u2020\u2021\u00a7]{1,3}"
                         r"|[\u00b9\u00b2\u00b3\u2070-\u2079]{1,3})$")
THOUSANDS_RE = re.compile(r"^-?[0-9]{1,3}(?P<sep>[,\u00a0\u202f '])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?$")
SIGNATURES = [
    (b"PK\x03\x04", "a ZIP archive, most likely an Excel .xlsx workbook renamed to .csv: open it and "
                    "save it as 'CSV UTF-8 (comma delimited)'"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.xls), not CSV: open it and save it as 'CSV UTF-8'"),
    (b"%PDF", "a PDF document, not CSV: copy the table into a spreadsheet and save it as CSV"),
    (b"\x1f\x8b", "gzip-compressed, not CSV: decompress it first"),
    (b"\xff\xfe", "UTF-16 text (Excel's 'Unicode text'): save it as 'CSV UTF-8 (comma delimited)'"),
    (b"\xfe\xff", "UTF-16 text: save it as 'CSV UTF-8 (comma delimited)'"),
]
OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe", ",": "comma"}


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[:n] + f"… ({len(s)} chars)"


def _decode(path: Path, data: bytes, encoding: str) -> tuple[str, list[dict]]:
    notes = []
    for sig, what in SIGNATURES:
        if data.startswith(sig):
            raise SourceReadError(f"{path}: this is {what}")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceReadError(f"{path}: binary content (a NUL byte at byte {nul}), not a CSV text file")
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            notes.append(_note(0, "", "utf8_bom_removed", "file started with a UTF-8 byte order mark",
                               "\ufeff", ""))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            _refuse_binary(path, data)
            line = data.count(b"\n", 0, exc.start) + 1
            bad = data[exc.start:exc.start + 1]
            try:
                guess = data[max(0, exc.start - 10):exc.start + 10].decode("cp1252")
                hint = (f"; it looks like Latin-1/cp1252 (...{guess.strip()}...). Re-save it as UTF-8, e.g. "
                        f"`iconv -f cp1252 -t utf-8 {path.name} > fixed.csv`")
            except UnicodeDecodeError:
                hint = ": binary content or an unknown encoding"
            raise SourceReadError(f"{path}: not UTF-8 text (byte 0x{bad.hex()} on line {line} is not valid "
                                  f"UTF-8){hint}") from exc
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SourceReadError(f"{path}: not {encoding} text ({exc.reason} at byte {exc.start})") from exc
    _refuse_binary(path, text[:8192].encode("utf-8", "replace"))
    return text, notes


def _refuse_binary(path: Path, data: bytes) -> None:
    """Text in any 8-bit encoding is mostly printable; random or binary bytes are not."""
    sample = data[:8192].decode("latin-1")
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7f <= ord(ch) <= 0x9f)
    if odd > max(8, len(sample) // 50):
        raise SourceReadError(f"{path}: binary content ({odd} control bytes in the first {len(sample):,}), "
                              "not a CSV text file")


def _note(row, column, kind, detail, original, value) -> dict:
    return {"row_number": row, "column": column, "kind": kind, "detail": detail,
            "original": original, "value": value}


def _records(path: Path, text: str, delimiter: str):
    csv.field_size_limit(sys.maxsize)  # a huge cell is a row problem (rule cell_not_too_long)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out = []  # (line number where the record starts, fields)
    start = 1
    try:
        for rec in reader:
            out.append((start, rec))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc) or reader.line_num >= text.count("\n") + (0 if text.endswith("\n") else 1):
            raise SourceReadError(f"{path}: the file ends inside a quoted cell opened on line {start}: it looks "
                                  "cut off (or a quote is not closed); export or download it again") from exc
        raise SourceReadError(f"{path}: not well-formed CSV at line {reader.line_num}: {exc}") from exc
    return out


def _check_header(path: Path, source, header: list[str], first_line: str) -> None:
    expected = source.column_names
    if len(header) == 1 and len(expected) > 1:
        for d, name in OTHER_DELIMITERS.items():
            if d != source.delimiter and d in first_line:
                parts = [p.strip().strip('"') for p in first_line.split(d)]
                if len(set(parts) & set(expected)) >= 2:
                    raise SourceReadError(
                        f"{path}: the columns are separated by {d!r} ({name}), not "
                        f"'{source.delimiter}' as source '{source.name}' is declared: export it again as "
                        f"comma-separated CSV (in a semicolon locale, check the decimal mark too)")
    if not set(header) & set(expected):
        raise SourceReadError(
            f"{path}: does not look like a CSV of source '{source.name}': no expected column in the first line "
            f"({_short(first_line.strip())!r}). Expected: {','.join(expected)}")
    dups = sorted({c for c in header if header.count(c) > 1})
    if dups:
        raise SourceReadError(f"{path}: column(s) {', '.join(dups)} appear more than once in the header")
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(_short(c, 40) for c in extra))
        raise SourceReadError(
            f"{path}: header does not match source '{source.name}': {'; '.join(parts)}. "
            f"Expected: {','.join(expected)}")


def read(source, path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The file as text (one column per declared column, '' -> NULL, cells trimmed) and the
    file-level notes. Raises SourceReadError, with the reason, if it cannot be read as `source`."""
    path = Path(path)
    if not path.exists():
        raise SourceReadError(f"{path}: file not found")
    if path.is_dir():
        raise SourceReadError(f"{path}: is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceReadError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise SourceReadError(f"{path}: the file is empty (expected a header row: {','.join(source.column_names)})")
    text, notes = _decode(path, data, source.encoding)
    records = _records(path, text, source.delimiter)
    blank = [ln for ln, r in records if not r or all(not c.strip() for c in r)]
    records = [(ln, r) for ln, r in records if r and any(c.strip() for c in r)]
    if not records:
        raise SourceReadError(f"{path}: the file holds only blank lines (expected a header row)")
    first_line = text.lstrip("\r\n").splitlines()[0]
    header = [c.strip() for c in records[0][1]]
    _check_header(path, source, header, first_line)
    body = records[1:]
    if not body:
        raise SourceReadError(f"{path}: the file has a header but no data rows")
    width = len(header)
    for i, (line, rec) in enumerate(body, start=1):
        if len(rec) != width:
            if i == len(body) and len(rec) < width and not text.endswith(("\n", "\r")):
                raise SourceReadError(
                    f"{path}: the file ends in the middle of row {i} (line {line}: {len(rec)} of {width} "
                    "fields): it looks cut off; export or download it again")
            raise SourceReadError(
                f"{path}: row {i} (line {line}) has {len(rec)} fields, the header has {width}: a stray "
                f"'{source.delimiter}' or quote? Cells containing '{source.delimiter}' must be quoted")
    if blank:
        lines = [ln for ln in blank if ln > records[0][0]]
        if lines:
            notes.append(_note(0, "", "blank_lines_skipped", f"{len(lines)} blank line(s), first at line {lines[0]}",
                               "", ""))
    df = pd.DataFrame([r for _, r in body], columns=header, dtype="object")[source.column_names]
    return df, pd.DataFrame(notes, columns=NOTE_COLUMNS)


def _normalise_number(s: str, is_pct: bool) -> tuple[str | None, list[tuple[str, str]]]:
    kinds = []
    if s.lower() in MISSING_MARKERS:
        return None, [("missing_marker", f"{s!r} means not given: NULL")]
    m = FOOTNOTE_RE.match(s)
    if m and m.group("num").strip():
        s = m.group("num").strip()
        kinds.append(("footnote_marker", m.group("mark")))
    if "\u2212" in s:
        s = s.replace("\u2212", "-")
        kinds.append(("unicode_minus", "\u2212 -> -"))
    if is_pct and s.endswith("%") and len(s) > 1:
        s = s[:-1].rstrip()
        kinds.append(("percent_sign", "%"))
    m = THOUSANDS_RE.match(s)
    if m:
        sep = m.group("sep")
        s = s.replace(sep, "")
        kinds.append(("thousands_separator", {"\u00a0": "no-break space", "\u202f": "narrow no-break space",
                                              " ": "space", ",": "comma", "'": "apostrophe"}[sep]))
    return s, kinds


PLAIN_NUMBER_RE = r"-?[0-9]+(?:\.[0-9]+)?"


def normalise(source, text: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trim cells, '' -> NULL, and the unambiguous fixes of numeric cells; every change is a note.
    `text` has `_row`; returns a new frame and the notes (row_number, column, kind, detail, original, value).
    Vectorised: only cells that need a look (padded, or a number that is not plain) go cell by cell."""
    out = text.copy()
    notes = []
    rows = out["_row"]
    for c in source.columns:
        col = out[c.name].astype("object")
        given = col.notna()
        s = col.where(given, None)
        stripped = s.where(~given, s[given].astype(str).str.strip()) if given.any() else s
        padded = given & (stripped != s)
        for i in padded[padded].index:
            notes.append(_note(int(rows[i]), c.name, "whitespace_trimmed", "leading/trailing spaces", s[i], stripped[i]))
        if c.type in ("int", "float") and given.any():
            odd = given & (stripped != "") & ~stripped.where(given, "0").astype(str).str.fullmatch(PLAIN_NUMBER_RE)
            is_pct = c.type == "float" and c.name.endswith("_pct")
            for i in odd[odd].index:
                new, kinds = _normalise_number(stripped[i], is_pct)
                for kind, detail in kinds:
                    notes.append(_note(int(rows[i]), c.name, kind, detail, s[i], new))
                stripped[i] = new
        out[c.name] = stripped.where(stripped.notna() & (stripped != ""), None).astype("object")
    return out, pd.DataFrame(notes, columns=NOTE_COLUMNS)
