"""Declared mappings: how a national casualty-record file in its own shape becomes the record
schema (pipeline/sources/casualty_records.py). A mapping is YAML next to the file (mapping.yml):

    dataset: synthetic_imsma_example   # the records' `source`
    synthetic: true                    # example/test data, never real casualties
    country: COL                       # the country the file covers (if it has no country column)
    date_format: "%d/%m/%Y"            # strptime format of the date column
    delimiter: ","   encoding: utf-8   hxl: false (true: the 2nd row holds HXL tags)
    columns: {record_id: "ID", incident_date: "Fecha", ...}   # record column <- file column (or HXL tag)
    flags:   {outcome: {"#affected+killed": killed, ...}}     # one-hot indicator columns -> one value
    values:  {outcome: {Herido: injured, ...}, ...}           # the file's wording -> record values
    drop:    [Nombre, Documento]                              # personal fields: never read past ingest

Every column of the file must be either mapped or listed under `drop`, so a new personal field in
a file is refused rather than carried along. The mapping becomes one SQL select (DuckDB), so a
10-million-row file is mapped in the same pass that validates it."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import PipelineError, SourceReadError

from .schema import RECORD_COLUMNS  # noqa: E402,F401  (declared once: records/schema.py)
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
        "hxl", "columns", "flags", "values", "drop"}


def _lit(s: str) -> str:
    return "'" + str(s).replace("'", "''") + "'"


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

    # -- the file's header ------------------------------------------------------------------
    def header(self, file: Path) -> list[str]:
        """The names the mapping refers to: the header row, or the HXL tag row."""
        try:
            with open(file, newline="", encoding=self.encoding) as f:
                r = csv.reader(f, delimiter=self.delimiter)
                head = next(r, None)
                tags = next(r, None) if self.hxl else None
        except UnicodeDecodeError as exc:
            raise SourceReadError(f"{file}: not {self.encoding} text ({exc.reason} at byte {exc.start})") from exc
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
        used = {key(c) for c in self.columns.values()} | {key(c) for f in self.flags.values() for c in f}
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
        return (f"read_csv({_lit(str(file))}, header=false, skip={2 if self.hxl else 1}, columns={cols}, "
                f"delim={_lit(self.delimiter)}, quote='\"', escape='\"', encoding={_lit(enc)}, "
                f"parallel=true)")

    def select_sql(self, file: Path) -> str:
        """SQL: the file as text records (RECORD_COLUMNS, trimmed, '' -> NULL), in file order.
        Only mapped columns are selected: dropped fields never leave the CSV reader."""
        pos = self.positions(file)
        key = hxl_norm if self.hxl else str.strip
        ncols = len(self.header(file))

        def col(name):
            return f"nullif(trim(c{pos[key(name)]}), '')"

        exprs = {}
        for target in RECORD_COLUMNS:
            if target in self.flags:
                exprs[target] = self._flags_sql(self.flags[target], col)
            elif target in self.columns:
                exprs[target] = col(self.columns[target])
            else:
                exprs[target] = "NULL"
        inner = ", ".join(f'{exprs[c]} AS "{c}"' for c in RECORD_COLUMNS)
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
        exprs["source"] = f"coalesce({exprs['source']}, {_lit(self.dataset)})" if "source" in self.columns else _lit(self.dataset)
        select = ",\n       ".join(f'{exprs[c]} AS "{c}"' for c in RECORD_COLUMNS)
        return f"SELECT {select}\nFROM (SELECT {inner} FROM {self.read_csv_sql(file, ncols)})"

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


def load(path: Path) -> Mapping:
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
    for section in ("columns", "flags", "values"):
        bad = set(data.get(section) or {}) - set(RECORD_COLUMNS)
        if bad:
            raise PipelineError(f"{path}: `{section}` names {', '.join(sorted(bad))}, not record column(s) "
                                f"({', '.join(RECORD_COLUMNS)})")
    for target, vmap in (data.get("values") or {}).items():
        allowed = CATEGORIES.get(target)
        bad = [v for v in vmap.values() if allowed and v not in allowed]
        if bad:
            raise PipelineError(f"{path}: values.{target} maps to {bad}, not one of {allowed}")
    if "incident_date" not in (data.get("columns") or {}):
        raise PipelineError(f"{path}: `columns.incident_date` is required")
    if not data.get("country") and "country" not in (data.get("columns") or {}):
        raise PipelineError(f"{path}: say which country the file covers (`country: ISO3`) or map a country column")
    return Mapping(path=path, dataset=str(data["dataset"]), synthetic=bool(data.get("synthetic", False)),
                   description=str(data.get("description") or ""), country=data.get("country"),
                   date_format=str(data.get("date_format") or "%Y-%m-%d"),
                   delimiter=str(data.get("delimiter") or ","), encoding=str(data.get("encoding") or "utf-8"),
                   hxl=bool(data.get("hxl", False)), columns=dict(data.get("columns") or {}),
                   flags=dict(data.get("flags") or {}), values=dict(data.get("values") or {}),
                   drop=list(data.get("drop") or []))


def for_file(file: Path) -> Mapping:
    """The mapping of a record file: mapping.yml in the file's folder."""
    return load(Path(file).parent / "mapping.yml")
