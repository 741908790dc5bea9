"""Declared mappings: how a national casualty-record file in its own shape becomes the record
schema (pipeline/sources/casualty_records.py). A mapping is YAML next to the file (mapping.yml):

    dataset: synthetic_imsma_example   # the records' `source`
    synthetic: true                    # example/test data, never real casualties
    country: COL                       # the country the file covers (if it has no country column)
    date_format: "%d/%m/%Y"            # strptime format of the date column (or year/month columns)
    delimiter: ","   encoding: utf-8   hxl: false (true: the 2nd row holds HXL tags)
    bom: true | false                  # the file starts with a UTF-8 byte order mark (absent: either)
    columns: {record_id: "ID", incident_date: "Fecha", ...}   # record column <- file column (or HXL tag)
    flags:   {outcome: {"#affected+killed": killed, ...}}     # one-hot indicator columns -> one value
    values:  {outcome: {Herido: injured, ...}, ...}           # the file's wording -> record values
    thousands: {separator: ",", columns: [incident_year]}     # "2,006" -> 2006 in code-like columns
    codes:   {admin2_code: 5}                                 # zero-padded codes: "5313" -> "05313"
    first_year: 1990                   # the dataset's stated scope: earlier incidents are quarantined
    snapshot: {from_name: 'regex', new_name: 'x_{date}.csv'}  # the export's date, from the file name
                                       # (files are editions); how `refresh` names a new export
    files:   {name.csv: {columns: {...}, bom: false}}         # per-file overrides of the above
    drop:    [Nombre, Documento]                              # personal fields: never read past ingest

Every column of the file must be either mapped or listed under `drop`, so a new personal field in
a file is refused rather than carried along. The mapping becomes one SQL select (DuckDB), so a
10-million-row file is mapped in the same pass that validates it."""
from __future__ import annotations

import atexit
import codecs
import csv
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import PipelineError, SourceReadError

from .schema import RECORD_COLUMNS  # noqa: E402,F401  (declared once: records/schema.py)
# Set by the mapping itself, never read from a file column.
DECLARED_COLUMNS = ("source", "snapshot", "scope_first_year")
CATEGORIES = {
    "outcome": ["killed", "injured", "unknown"],
    "status": ["civilian", "military", "deminer", "unknown"],
    "age_group": ["child", "adult", "unknown"],
    "sex": ["female", "male", "unknown"],
}
# A blank outcome, status or sex is "unknown" (stated missing); a blank age or age group stays NULL
# and the age class is derived from what is given, never guessed.
BLANK_IS_UNKNOWN = ("outcome", "status", "sex")
TRUE_VALUES = ("1", "x", "yes", "y", "true")
FALSE_VALUES = ("0", "no", "n", "false")
KEYS = {"dataset", "synthetic", "description", "country", "date_format", "delimiter", "encoding",
        "hxl", "columns", "flags", "values", "drop", "bom", "thousands", "codes", "first_year", "snapshot",
        "files"}
FILE_KEYS = KEYS - {"dataset", "synthetic", "description", "files"}  # what a per-file override may change
# Encodings DuckDB's CSV reader decodes itself; any other declared encoding (e.g. cp1252, a
# spreadsheet's re-save on Windows) is transcoded to UTF-8 in Python first.
DUCKDB_ENCODINGS = {"utf-8", "utf8", "latin-1", "latin1", "iso-8859-1", "utf-16"}
BOM = b"\xef\xbb\xbf"
# A record column the file does not give. Typed: DuckDB 1.4 types a bare NULL as INTEGER, which
# text functions (length, upper, regexp) then refuse to bind.
NULL_TEXT = "CAST(NULL AS VARCHAR)"
SHARE_FOR_SWAP = 0.5  # a mapped column whose cells are mostly another column's values is refused


def _lit(s: str) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def _re(s: str) -> str:
    """A literal inside a regex inside a SQL string."""
    return re.escape(s).replace("'", "''")


def trimmed(cell: str) -> str:
    """SQL: the cell without leading/trailing spaces ('' -> NULL). DuckDB's trim() (which strips
    Unicode space separators, U+0020 the only ASCII one) costs a string copy per cell; an ASCII
    cell that neither starts nor ends with a space, most of them, is already trimmed and skips it."""
    return (f"nullif(CASE WHEN {cell} >= '!' AND NOT ends_with({cell}, ' ') AND strlen({cell}) = length({cell}) "
            f"THEN {cell} ELSE trim({cell}) END, '')")


def hxl_norm(tag: str) -> str:
    """HXL tags compare case-insensitively and their attributes in any order."""
    parts = [p.strip().lower() for p in str(tag).strip().split("+") if p.strip()]
    return "+".join(parts[:1] + sorted(parts[1:])) if parts else ""


@dataclass
class Mapping:
    path: Path
    dataset: str
    synthetic: bool = False
    description: str = ""
    country: str | None = None
    date_format: str = "%Y-%m-%d"
    delimiter: str = ","
    encoding: str = "utf-8"
    hxl: bool = False
    columns: dict = field(default_factory=dict)
    flags: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    drop: list = field(default_factory=list)
    bom: bool | None = None
    thousands: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)
    first_year: int | None = None
    snapshot: dict = field(default_factory=dict)

    # -- the file itself --------------------------------------------------------------------
    def check_bom(self, file: Path) -> None:
        if self.bom is None:
            return
        with open(file, "rb") as f:
            has = f.read(3) == BOM
        if has != self.bom:
            raise SourceReadError(
                f"{file}: {self.path.name} declares {'a' if self.bom else 'no'} byte order mark, but the file "
                f"{'has one' if has else 'has none'} (a re-saved file? declare its shape under `files:`)")

    def readable(self, file: Path) -> Path:
        """The file as DuckDB can read it: itself, or (for an encoding DuckDB does not decode) a
        UTF-8 copy in a temporary folder, removed when the process ends."""
        enc = self.encoding.lower().replace("_", "-")
        if enc in DUCKDB_ENCODINGS:
            return Path(file)
        st = Path(file).stat()
        key = hashlib.sha256(f"{Path(file).resolve()}|{st.st_size}|{st.st_mtime_ns}|{enc}".encode()).hexdigest()[:16]
        out = Path(tempfile.gettempdir()) / f"records-utf8-{key}.csv"
        if not out.exists():
            tmp = out.with_name(out.name + f".{id(self)}.part")
            try:
                with codecs.open(file, "r", encoding=self.encoding, errors="strict") as src, \
                        open(tmp, "w", encoding="utf-8", newline="") as dst:
                    for block in iter(lambda: src.read(1 << 20), ""):
                        dst.write(block)
            except (UnicodeDecodeError, LookupError) as exc:
                tmp.unlink(missing_ok=True)
                raise SourceReadError(f"{file}: not {self.encoding} text ({exc})") from exc
            tmp.replace(out)
            atexit.register(out.unlink, True)
        return out

    def snapshot_of(self, file: Path) -> str | None:
        """The export's date from the file name (YYYY-MM or YYYY-MM-DD), as the mapping declares."""
        rx = self.snapshot.get("from_name")
        if not rx:
            return self.snapshot.get("value")
        m = re.search(rx, Path(file).name)
        if not m:
            return None
        d = m.group(1).replace("_", "-")
        if re.fullmatch(r"\d{8}", d):
            d = f"{d[:4]}-{d[4:6]}-{d[6:]}"
        elif re.fullmatch(r"\d{6}", d):
            d = f"{d[:4]}-{d[4:]}"
        return d

    # -- the file's header ------------------------------------------------------------------
    def header(self, file: Path) -> list[str]:
        """The names the mapping refers to: the header row, or the HXL tag row."""
        self.check_bom(file)
        enc = "utf-8-sig" if self.encoding.lower().replace("_", "-") in ("utf-8", "utf8") else self.encoding
        try:
            with open(file, newline="", encoding=enc) as f:
                r = csv.reader(f, delimiter=self.delimiter)
                head = next(r, None)
                tags = next(r, None) if self.hxl else None
        except UnicodeDecodeError as exc:
            raise SourceReadError(f"{file}: not {self.encoding} text ({exc.reason} at byte {exc.start}); "
                                  f"declare the file's encoding in {self.path.name}") from exc
        except LookupError as exc:
            raise SourceReadError(f"{file}: {self.path.name} declares an unknown encoding ({exc})") from exc
        if not head:
            raise SourceReadError(f"{file}: the file is empty (expected a header row)")
        if self.hxl:
            if not tags or not all(t.strip().startswith("#") for t in tags if t.strip()):
                raise SourceReadError(f"{file}: mapping {self.path.name} says HXL, but row 2 is not a row of #tags")
            return [hxl_norm(t) for t in tags]
        return [h.strip() for h in head]

    def positions(self, file: Path) -> dict[str, int]:
        """File column name (or tag) -> position; refuses undeclared columns."""
        names = self.header(file)
        pos = {n: i for i, n in enumerate(names) if n}
        key = hxl_norm if self.hxl else str.strip
        used = ({key(c) for c in self.columns.values() if c} | {key(c) for f in self.flags.values() for c in f})
        dropped = {key(c) for c in self.drop}
        missing = sorted(u for u in used if u not in pos)
        if missing:
            raise SourceReadError(f"{file}: column(s) {', '.join(missing)} named in {self.path.name} are not in the file")
        undeclared = [n for n in names if n and n not in used and n not in dropped]
        if undeclared:
            raise SourceReadError(
                f"{file}: column(s) {', '.join(undeclared)} are neither mapped nor dropped in {self.path.name}. "
                "Map each column or list it under `drop:` (personal fields such as names must be dropped).")
        return pos

    # -- the SQL -----------------------------------------------------------------------------
    def read_csv_sql(self, file: Path, ncols: int) -> str:
        cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
        enc = self.encoding.lower().replace("_", "-")
        if enc not in DUCKDB_ENCODINGS:
            file, enc = self.readable(file), "utf-8"
        return (f"read_csv({_lit(str(file))}, header=false, skip={2 if self.hxl else 1}, columns={cols}, "
                f"delim={_lit(self.delimiter)}, quote='\"', escape='\"', encoding={_lit(enc)}, "
                f"parallel=true)")

    def select_sql(self, file: Path, swap: bool = False) -> str:
        """SQL: the file as text records (RECORD_COLUMNS, trimmed, '' -> NULL), in file order.
        Only mapped columns are selected: dropped fields never leave the CSV reader. With `swap`,
        each row's swap-check terms too (`_swap`, see `swap_sql`), counted in the same pass."""
        pos = self.positions(file)
        key = hxl_norm if self.hxl else str.strip
        ncols = len(self.header(file))

        def col(name):
            return trimmed(f"c{pos[key(name)]}")

        exprs = self._text_exprs(col)
        inner = ", ".join(f'{exprs[c]} AS "{c}"' for c in RECORD_COLUMNS)
        swap_bits = None
        if swap:  # over lower("<target>"), which the value map below computes anyway
            plain = {t for t in CATEGORIES if self.columns.get(t) and exprs[t] == col(self.columns[t])}
            inner += "".join(f', {col(self.columns[t])} AS "_cell_{t}"' for t in CATEGORIES
                             if self.columns.get(t) and t not in plain)
            swap_bits = self.swap_sql(file, lambda t: f'lower("{t}")' if t in plain else f'lower("_cell_{t}")')
        exprs = self._value_exprs(file)
        select = ",\n       ".join([f'{exprs[c]} AS "{c}"' for c in RECORD_COLUMNS]
                                    + ([f'{swap_bits} AS "_swap"'] if swap_bits else []))
        return f"SELECT {select}\nFROM (SELECT {inner} FROM {self.read_csv_sql(file, ncols)})"

    def _text_exprs(self, col) -> dict[str, str]:
        """Each record column's text from its mapped file column (`col(name)`): flags, thousands
        separators taken out of numbers written with them, codes padded to their width."""
        exprs = {}
        sep = self.thousands.get("separator", ",")
        for target in RECORD_COLUMNS:
            if target in self.flags:
                exprs[target] = self._flags_sql(self.flags[target], col)
            elif self.columns.get(target):
                exprs[target] = col(self.columns[target])
            else:
                exprs[target] = NULL_TEXT
            if target in (self.thousands.get("columns") or []):
                # only a number written with separators ("2,006", "18,410") is changed
                e = exprs[target]
                exprs[target] = (f"CASE WHEN regexp_full_match({e}, '[0-9]{{1,3}}({_re(sep)}[0-9]{{3}})+') "
                                 f"THEN replace({e}, {_lit(sep)}, '') ELSE {e} END")
            if target in self.codes:
                e, w = exprs[target], int(self.codes[target])
                exprs[target] = f"CASE WHEN regexp_full_match({e}, '[0-9]+') THEN lpad({e}, {w}, '0') ELSE {e} END"
        return exprs

    def _value_exprs(self, file: Path) -> dict[str, str]:
        """Each record column over the text records: the file's wording mapped to the record
        values, blanks that mean unknown, the country, the date in ISO form, and the dataset's
        own columns (source, snapshot, scope)."""
        exprs = {c: f'"{c}"' for c in RECORD_COLUMNS}
        for target, canon in CATEGORIES.items():
            # one CASE on lower(value): the file's wording first, then the record values themselves
            # in any case; anything else stays as given (the record rules then quarantine it)
            vmap = {str(k).strip().lower(): v for k, v in (self.values.get(target) or {}).items()}
            vmap.update({c: c for c in canon if c not in vmap})
            cases = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in vmap.items())
            exprs[target] = f'CASE lower("{target}") {cases} ELSE "{target}" END'
        for target in set(self.values) - set(CATEGORIES):
            e = exprs[target]
            cases = " ".join(f"WHEN {_lit(str(k).strip().lower())} THEN {_lit(v)}" for k, v in self.values[target].items())
            exprs[target] = f"CASE lower({e}) {cases} ELSE {e} END"
        for target in BLANK_IS_UNKNOWN:
            exprs[target] = f"coalesce({exprs[target]}, 'unknown')"
        if self.country:
            exprs["country"] = f"coalesce(upper({exprs['country']}), {_lit(self.country.upper())})"
        else:
            exprs["country"] = f"upper({exprs['country']})"
        d = exprs["incident_date"]
        exprs["incident_date"] = f"coalesce(strftime(try_strptime({d}, {_lit(self.date_format)}), '%Y-%m-%d'), {d})"
        exprs["source"] = _lit(self.dataset)
        snap = self.snapshot_of(file)
        exprs["snapshot"] = _lit(snap) if snap else NULL_TEXT
        exprs["scope_first_year"] = _lit(str(self.first_year)) if self.first_year is not None else NULL_TEXT
        return exprs

    def check_content(self, file: Path) -> None:
        """Refuse a mapping whose categorical column holds another column's values (the swapped
        `estado`/`genero` headers of some exports): loading it would turn every outcome into
        'unknown' and every sex into a rejected value, when the mapping is what is wrong. (The
        SQL engine counts the same cells in its one pass over the file: `swap_sql`.)"""
        import duckdb  # here: a mapping is read (and listed) without loading DuckDB
        terms = self.swap_terms(file)
        if not terms:
            return
        sel = ", ".join(f"count(*) filter (where {e})" for _, _, e in terms)
        con = duckdb.connect()
        try:
            rows, *counts = con.sql(f"select count(*), {sel} from {self.read_csv_sql(file, len(self.header(file)))}"
                                    ).fetchall()[0]
        except duckdb.Error as exc:
            raise SourceReadError(f"{file}: cannot be read with its mapping ({exc})") from exc
        finally:
            con.close()
        self.refuse_swapped(file, terms, counts, rows)

    def swap_terms(self, file: Path, lowered=None) -> list[tuple[str, str | None, str]]:
        """What the swap check counts, as SQL over a row: for each categorical column mapped with
        a value map, its blank cells (other: None) and its cells that hold another such column's
        words (other: that column). `lowered(t)`: SQL of t's cell, trimmed and lower-cased (by
        default from the file's own column, c<i>). Empty: nothing to check."""
        targets = [t for t in CATEGORIES if self.columns.get(t) and self.values.get(t)]
        if len(targets) < 2:
            return []
        if lowered is None:
            pos = self.positions(file)
            key = hxl_norm if self.hxl else str.strip

            def lowered(t):
                return f"lower({trimmed(f'c{pos[key(self.columns[t])]}')})"

        def words(t):  # the file's words for t's values, except those that only say "unknown"
            return {str(k).strip().lower() for k, v in self.values[t].items() if v != "unknown"}

        terms = []
        for t in targets:
            terms.append((t, None, f"{lowered(t)} IS NULL"))
            for o in targets:
                if o != t:
                    foreign = sorted(words(o) - words(t))
                    terms.append((t, o, f"{lowered(t)} IN ({', '.join(map(_lit, foreign)) or 'NULL'})"))
        return terms

    def swap_sql(self, file: Path, lowered=None) -> str | None:
        """One row's swap-check terms packed into a word (bit i: term i holds; 0 for most rows), or
        None when there is nothing to check."""
        terms = self.swap_terms(file, lowered)
        return (" | ".join(f"(CASE WHEN {e} THEN {1 << i} ELSE 0 END)::UBIGINT" for i, (_, _, e) in enumerate(terms))
                if terms else None)

    def refuse_swapped(self, file: Path, terms, counts, rows: int) -> None:
        """Raise SourceReadError where most filled cells of a column are another column's words
        (`counts`: rows per term, of `rows` read)."""
        blank = {t: n for (t, o, _), n in zip(terms, counts) if o is None}
        for (t, o, _), n in zip(terms, counts):
            filled = rows - blank[t]
            if o is not None and filled and n > SHARE_FOR_SWAP * filled:
                raise SourceReadError(
                    f"{file}: column '{self.columns[t]}' is mapped to {t} in {self.path.name}, but "
                    f"{n:,} of its {filled:,} filled cells are {o} values: the file's headers look "
                    f"swapped. Map {t} and {o} to the right columns (under `files:` for this file) "
                    "rather than loading every row as unknown.")

    @staticmethod
    def _flags_sql(flags: dict, col) -> str:
        """One-hot indicator columns (1/x/yes) -> the value of the one that is set; none set ->
        NULL; several set, or a cell that is not a yes/no -> a value the record rules reject."""
        t = ", ".join(_lit(v) for v in TRUE_VALUES)
        fl = ", ".join(_lit(v) for v in FALSE_VALUES)
        n = {name: f"(CASE WHEN {col(name)} IS NULL OR lower({col(name)}) IN ({fl}) THEN 0 "
                   f"WHEN lower({col(name)}) IN ({t}) THEN 1 ELSE 100 END)" for name in flags}
        total = " + ".join(n.values())
        pick = " ".join(f"WHEN {n[name]} = 1 THEN {_lit(value)}" for name, value in flags.items())
        return (f"(CASE WHEN {total} = 0 THEN NULL WHEN {total} = 1 THEN (CASE {pick} END) "
                f"WHEN {total} >= 100 THEN 'not a yes/no flag' ELSE 'several flags set' END)")


def _check(path: Path, data: dict, where: str = "") -> None:
    for section in ("columns", "flags", "values"):
        bad = set(data.get(section) or {}) - set(RECORD_COLUMNS)
        if bad:
            raise PipelineError(f"{path}: {where}`{section}` names {', '.join(sorted(bad))}, not record column(s) "
                                f"({', '.join(RECORD_COLUMNS)})")
    fixed = set(data.get("columns") or {}) & set(DECLARED_COLUMNS)
    if fixed:
        raise PipelineError(f"{path}: {where}{', '.join(sorted(fixed))} come from the mapping itself, not a file column")
    for target, vmap in (data.get("values") or {}).items():
        allowed = CATEGORIES.get(target)
        bad = [v for v in vmap.values() if allowed and v not in allowed]
        if bad:
            raise PipelineError(f"{path}: {where}values.{target} maps to {bad}, not one of {allowed}")
    bad = set(data.get("codes") or {}) | set((data.get("thousands") or {}).get("columns") or [])
    bad -= set(RECORD_COLUMNS)
    if bad:
        raise PipelineError(f"{path}: {where}`codes`/`thousands` name {', '.join(sorted(bad))}, not record column(s)")


def _merge(base: dict, over: dict) -> dict:
    """A per-file override: mappings (columns, values, ...) merge key by key (a null unmaps a
    column); anything else replaces."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            merged = {**base[k], **v}
            out[k] = {kk: vv for kk, vv in merged.items() if vv is not None} if k == "columns" else merged
        else:
            out[k] = v
    return out


def load(path: Path, file_name: str | None = None) -> Mapping:
    """The mapping at `path`; with `file_name`, its `files:` override for that file applied."""
    path = Path(path)
    if not path.exists():
        raise PipelineError(f"no mapping file {path}: a casualty-record file needs a mapping.yml next to it")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PipelineError(f"{path}: not valid YAML ({exc})") from exc
    unknown = set(data) - KEYS
    if unknown:
        raise PipelineError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KEYS))}")
    if not data.get("dataset"):
        raise PipelineError(f"{path}: `dataset:` (the records' source name) is required")
    _check(path, data)
    files = data.pop("files", None) or {}
    for name, over in files.items():
        bad = set(over or {}) - FILE_KEYS
        if bad:
            raise PipelineError(f"{path}: files.{name} may only change {', '.join(sorted(FILE_KEYS))} "
                                f"(not {', '.join(sorted(bad))})")
        _check(path, over or {}, f"files.{name}: ")
    if file_name and file_name in files:
        data = _merge(data, files[file_name] or {})
    cols = data.get("columns") or {}
    if not cols.get("incident_date") and not cols.get("incident_year"):
        raise PipelineError(f"{path}: map `columns.incident_date` (a date) or `columns.incident_year` "
                            "(with `incident_month` where the source gives only year and month)")
    if not data.get("country") and not cols.get("country"):
        raise PipelineError(f"{path}: say which country the file covers (`country: ISO3`) or map a country column")
    bom = data.get("bom")
    if bom not in (None, True, False):
        raise PipelineError(f"{path}: `bom:` is true or false (or left out: either)")
    return Mapping(path=path, dataset=str(data["dataset"]), synthetic=bool(data.get("synthetic", False)),
                   description=str(data.get("description") or ""), country=data.get("country"),
                   date_format=str(data.get("date_format") or "%Y-%m-%d"),
                   delimiter=str(data.get("delimiter") or ","), encoding=str(data.get("encoding") or "utf-8"),
                   hxl=bool(data.get("hxl", False)), columns=dict(cols),
                   flags=dict(data.get("flags") or {}), values=dict(data.get("values") or {}),
                   drop=list(data.get("drop") or []), bom=bom, thousands=dict(data.get("thousands") or {}),
                   codes=dict(data.get("codes") or {}),
                   first_year=int(data["first_year"]) if data.get("first_year") is not None else None,
                   snapshot=dict(data.get("snapshot") or {}))


def for_file(file: Path) -> Mapping:
    """The mapping of a record file: mapping.yml in the file's folder, with the file's override."""
    return load(Path(file).parent / "mapping.yml", Path(file).name)
