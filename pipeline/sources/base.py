"""What every source declares: its columns (name, type, required, meaning), its rules and how its
file is read. The cleaning (typing) and the expectations are both derived from this declaration.

Every source, figures or casualty records, answers the same calls, and ingest, build,
`validate --file`, refresh and the reports use only these:
- `files()`: its manifest entries (data/raw/<name>/...);
- `count(path)`: rows of one file, without validating;
- `check(path, keep=...)`: read and validate one file into an `Outcome` (pipeline/validate/outcome.py);
- `describe()`: its columns and rules, as data;
- `refusal(outcome)`: why a refreshed file must not be taken in (None: take it);
- `snapshot_path(path, day)`: where new content goes (None: replace the file);
- `load_raw(con, outcomes)`: put the valid rows of its files into raw.<name>."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import PipelineError
from ..files import manifest, paths, read as inputs
from ..seeds import seed
from ..validate import rules as R, run as validate

PANDAS_TYPES = {"int": "Int64", "float": "Float64", "str": "string"}
SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "str": "VARCHAR"}
MAX_CELL_CHARS = 10_000


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "str"  # int | float | str
    required: bool = False
    description: str = ""


@dataclass
class Source:
    name: str
    title: str
    columns: list[Column]
    rules: list[R.Rule] = field(default_factory=list)
    # Columns computed (by DuckDB SQL over the typed frame) before the typed rules run,
    # e.g. the publisher domain of a URL. They reach raw.<name> too.
    derived: dict[str, str] = field(default_factory=dict)
    # When a row became public: SQL over its text (and the shared macros, pipeline/models/macros)
    # giving a DATE. A build as of an earlier day sets the row aside as not yet published; a loaded
    # row keeps it as `published`. None: the source's rows are dated by their file (records).
    published: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8"

    def __post_init__(self):
        """A rule over a column the source neither declares nor derives would check nothing
        (e.g. `source_publisher_known` without `derived={"source_domain": ...}`): refuse it."""
        known = {c.name for c in self.columns} | set(self.derived) | ({"published"} if self.published else set())
        for r in self.rules:
            missing = [c for c in r.columns if c not in known]
            if missing:
                raise PipelineError(f"source '{self.name}': rule {r.name} reads {', '.join(missing)}, which is "
                                    "neither a declared column nor a derived one (Source(derived=...))")

    # -- the protocol every source answers ---------------------------------------------------
    def files(self) -> list:
        """The source's manifest entries; a source of figures without a file is a broken build."""
        entries = manifest.entries(self.name)
        if not entries:
            raise PipelineError(f"source '{self.name}' has no file in "
                                f"{manifest.paths.rel(manifest.paths.manifest_path())}")
        return entries

    def count(self, path: Path) -> int:
        return len(self.read(path))

    def check(self, path: Path, keep: str | None = None, log=print, as_of=None):
        """Read and validate one file as of `as_of` (a date). `keep` (the file's path under
        data/raw/) asks for the valid rows to be kept for a build; figures keep them in memory in
        any case."""
        return validate.run(self, path, as_of=as_of)

    def file_published(self, entry) -> str | None:
        """When a whole file became public (YYYY-MM-DD), where its rows are not dated one by one
        (a register's export); None for a file of dated rows."""
        return None

    def refusal(self, outcome) -> str | None:
        """Why a refreshed file must not replace the last good one (None: take it). Transcribed
        figures are all-or-nothing: one quarantined row refuses the file."""
        if outcome.rows_read == 0:
            return "the new file has no data rows"
        if outcome.rows_quarantined:
            broken = [f"{r.rule.name} ({r.count} row(s), first rows {r.rows[:5]})"
                      for r in outcome.results if r.rule.severity == "error" and r.count]
            return (f"{outcome.rows_quarantined} of {outcome.rows_read} row(s) break rules: {'; '.join(broken)}")
        return None

    def snapshot_path(self, path: str, day: str) -> str | None:
        """Where refreshed content goes when it differs: None replaces the file in place (figures);
        a path (under data/raw/) adds it beside the others (a register's snapshots are editions)."""
        return None

    def describe(self) -> dict:
        """Columns and rules as data (the `sources` verb and the validation report show them)."""
        return {"name": self.name, "title": self.title,
                "columns": [{"name": c.name, "type": c.type, "required": c.required,
                             "description": c.description} for c in self.columns],
                "rules": [{"name": r.name, "severity": r.severity, "stage": r.stage,
                           "columns": list(r.columns), "description": r.description} for r in self.all_rules()]}

    def load_raw(self, con, outcomes) -> None:
        """raw.<name>: the valid rows of every file of this source, each with its `_file`."""
        frames = []
        for o in outcomes:
            if o.loaded is None:  # a file not yet published at the as-of date: nothing was read
                continue
            df = o.loaded.copy()
            df.insert(1, "_file", paths.raw_name(o.file))
            frames.append(df)
        if frames:
            con.register("_frame", pd.concat(frames, ignore_index=True))
            con.execute(f'create or replace table raw."{self.name}" as select * from _frame')
            con.unregister("_frame")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def all_rules(self, as_of=None) -> list[R.Rule]:
        """Type and required rules derived from the columns, then the source's own rules; with
        `as_of` (a date), bound to it, as a build runs them."""
        rules = self._declared_rules()
        return rules if as_of is None else [r.bind(as_of) for r in rules]

    def _declared_rules(self) -> list[R.Rule]:
        out: list[R.Rule] = []
        for c in self.columns:
            if c.type == "int":
                out.append(R.integer(c.name))
            elif c.type == "float":
                out.append(R.number(c.name))
        out += [R.not_null(c.name) for c in self.columns if c.required]
        text_cols = [c.name for c in self.columns if c.type == "str"]
        if text_cols:  # a 1 MB "locator" is a broken export, not a transcription: quarantine the row
            out.append(R.check(
                "cell_not_too_long", " AND ".join(
                    f"coalesce(length({R._q(c)}), 0) <= {MAX_CELL_CHARS}" for c in text_cols),
                text_cols, f"a text cell holds at most {MAX_CELL_CHARS:,} characters"))
        return out + list(self.rules)

    def read(self, path: Path) -> pd.DataFrame:
        """The file as text, one column per declared column (cells as in the file; `validate.run`
        trims and normalises them, recording each change). A file that cannot be read as this
        source at all raises SourceReadError with the reason (see pipeline/files/read.py)."""
        return self.read_with_notes(path)[0]

    def read_with_notes(self, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
        """`read`, plus the file-level normalisations (e.g. a byte order mark removed)."""
        return inputs.read(self, path)

    def typed(self, text: pd.DataFrame) -> pd.DataFrame:
        """Cast text to the declared types; unparseable cells become NULL (their rows are
        quarantined by the type rules, so nothing is silently lost)."""
        out = pd.DataFrame(index=text.index)
        for c in self.columns:
            s = text[c.name]
            if c.type in ("int", "float"):
                s = pd.to_numeric(s, errors="coerce")
                if c.type == "int":
                    s = s.where(s.isna() | (s == s.round()))
            out[c.name] = s.astype(PANDAS_TYPES[c.type])
        return out


# Columns every source of Monitor figures has: when and where each figure was stated.
EDITION = Column("edition", "int", True, "Landmine Monitor report year that gave the figure")
DATA_YEAR = Column("data_year", "int", True, "Calendar year the figure is about")
SOURCE_URL = Column("source_url", "str", True, "Page the figure was transcribed from")
LOCATOR = Column("locator", "str", True, "Where on that page the figure is")


# Rules shared by every source of Monitor figures (one row = one figure as one source gave it).

def publisher_domains() -> list[str]:
    return seed("publishers")["domain"].tolist()


SOURCE_DOMAIN_SQL = (
    r"lower(regexp_extract(source_url, '^https?://(?:www\.)?([^/:]+)', 1))"
)
# A figure of an edition is public from that edition's release (pipeline/models/macros/publication.sql)
FIGURES_PUBLISHED = "edition_published(publication_series(source_url), TRY_CAST(edition AS INTEGER))"


def publication_known() -> R.Rule:
    return R.check("publication_known", "published IS NOT NULL", ["edition"],
                   "the row's edition must be a publication with a known release date "
                   "(pipeline/seeds/publications.csv): a build as of a date needs to know when it was public")


def figure_rules() -> list[R.Rule]:
    return [
        R.between("data_year", 1999, R.as_of_year(),
                  description="data_year must be within 1999..the as-of year (the Monitor's series)"),
        R.between("edition", 1999, R.as_of_year(1),
                  description="edition must be a Landmine Monitor report year 1999..the as-of year + 1"),
        R.check("edition_after_data_year", "edition >= data_year + 1", ["edition", "data_year"],
                "an edition reports on earlier years: edition >= data_year + 1"),
        R.matches("source_url", R.URL_RE, "source_url_well_formed",
                  "source_url must be an http(s) URL"),
        R.in_set("source_domain", publisher_domains(), name="source_publisher_known",
                 description="the source's web domain must be classified (monitor/ngo/official/news) in "
                             "pipeline/seeds/publishers.csv"),
        publication_known(),
    ]
