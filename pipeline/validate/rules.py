"""Validation rules, declared once and run two ways.

A rule is data: a name, the columns it reads, a kind with parameters, a severity and a sentence
that says what it protects. From that one declaration we build a Great Expectations expectation
(for pandas frames) and a SQL predicate that is TRUE for a breaking row (for DuckDB tables), so the
two paths cannot drift apart. `error` rules quarantine the row; `warn` rules are reported only.

Rules that compare several columns (sums, uniqueness, cross-column order) are declared as a SQL
expression that is TRUE for a valid row. For GX that expression is evaluated by DuckDB over the
frame into a helper column `_ok_<rule>`, which GX then checks is True; NULL means "not applicable".

A rule that depends on "today" names the build's as-of date symbolically: `AS_OF` (a DATE) and
`AS_OF_YEAR` in its SQL, `as_of_year(offset)` as a bound of `between`. Nothing reads the clock
when a rule is declared: `Rule.bind(as_of)` puts the build's date in, when a build runs it.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace

from ..sql import date_literal, quote

INTEGER_RE = r"^-?[0-9]+$"
NUMBER_RE = r"^-?[0-9]+(?:\.[0-9]+)?$"
URL_RE = r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]+)?(?:/[^\s]*)?$"
ENUM_LOOKUP_ABOVE = 16  # an in_set rule over more strings than this is checked by an ENUM lookup

# The build's as-of date in a rule's SQL (a DATE) and its year; `Rule.bind` substitutes both.
AS_OF = "$AS_OF"
AS_OF_YEAR = "$AS_OF_YEAR"


@dataclass(frozen=True)
class AsOfYear:
    """A bound of `between` that is the as-of year plus `offset` (resolved by `Rule.bind`)."""
    offset: int = 0

    def resolve(self, as_of: _dt.date) -> int:
        return as_of.year + self.offset

    def __str__(self) -> str:
        return "the as-of year" + (f" + {self.offset}" if self.offset else "")


def as_of_year(offset: int = 0) -> AsOfYear:
    return AsOfYear(offset)


_q = quote  # the one quoting helper (pipeline/sql.py)


def _lit(value) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # not_null | regex | between | in_set | check
    columns: tuple[str, ...]
    description: str
    severity: str = "error"
    stage: str = "typed"  # "text": on the file's strings before typing; "typed": after
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def column(self) -> str:
        return self.columns[0]

    @property
    def helper(self) -> str:
        return f"_ok_{self.name}"

    @property
    def needs_as_of(self) -> bool:
        p = self.params
        return (isinstance(p.get("min"), AsOfYear) or isinstance(p.get("max"), AsOfYear)
                or AS_OF in str(p.get("expr", "")))

    def bind(self, as_of: _dt.date) -> "Rule":
        """This rule with the build's as-of date put in (itself when it does not depend on it)."""
        if not self.needs_as_of:
            return self
        p = dict(self.params)
        for k in ("min", "max"):
            if isinstance(p.get(k), AsOfYear):
                p[k] = p[k].resolve(as_of)
        if "expr" in p:
            p["expr"] = p["expr"].replace(AS_OF_YEAR, str(as_of.year)).replace(AS_OF, date_literal(as_of))
        return replace(self, params=p)

    def _bound(self) -> None:
        if self.needs_as_of:
            raise ValueError(f"rule {self.name} depends on the as-of date: bind it (Rule.bind) before it runs")

    def expectation(self):
        """The Great Expectations form of this rule."""
        import great_expectations as gx  # here, not at import: the SQL path never pays for GX

        self._bound()
        meta = {"rule": self.name, "severity": self.severity, "description": self.description}
        p = self.params
        if self.kind == "not_null":
            return gx.expectations.ExpectColumnValuesToNotBeNull(column=self.column, meta=meta)
        if self.kind == "regex":
            return gx.expectations.ExpectColumnValuesToMatchRegex(
                column=self.column, regex=p["regex"], meta=meta)
        if self.kind == "between":
            return gx.expectations.ExpectColumnValuesToBeBetween(
                column=self.column, min_value=p.get("min"), max_value=p.get("max"), meta=meta)
        if self.kind == "in_set":
            return gx.expectations.ExpectColumnValuesToBeInSet(
                column=self.column, value_set=sorted(p["values"]), meta=meta)
        if self.kind == "check":
            return gx.expectations.ExpectColumnValuesToBeInSet(
                column=self.helper, value_set=[True], meta=meta)
        raise ValueError(f"unknown rule kind {self.kind}")

    def violation_sql(self) -> str:
        """A SQL predicate, TRUE exactly for the rows this rule would flag in GX."""
        self._bound()
        c = _q(self.column)
        p = self.params
        if self.kind == "not_null":
            return f"{c} IS NULL"
        if self.kind == "regex":
            return f"({c} IS NOT NULL AND NOT regexp_matches(CAST({c} AS VARCHAR), {_lit(p['regex'])}))"
        if self.kind == "between":
            parts = []
            if p.get("min") is not None:
                parts.append(f"{c} < {_lit(p['min'])}")
            if p.get("max") is not None:
                parts.append(f"{c} > {_lit(p['max'])}")
            return f"({c} IS NOT NULL AND ({' OR '.join(parts)}))"
        if self.kind == "in_set":
            values = ", ".join(_lit(v) for v in sorted(p["values"]))
            if len(p["values"]) > ENUM_LOOKUP_ABOVE and all(isinstance(v, str) for v in p["values"]):
                # a long list is compared value by value; an ENUM cast is one hash lookup (a
                # string outside the set casts to NULL): the same rows, ~20x cheaper for 250 codes
                return f"({c} IS NOT NULL AND TRY_CAST({c} AS ENUM({values})) IS NULL)"
            return f"({c} IS NOT NULL AND {c} NOT IN ({values}))"
        if self.kind == "check":
            return f"(({p['expr']}) = FALSE)"
        raise ValueError(f"unknown rule kind {self.kind}")

    def violations_query(self, table: str, key: str = "_row") -> str:
        """SQL listing the `key` of every breaking row of `table` (window functions allowed)."""
        return (f"select {_q(key)} from (select {_q(key)}, {self.violation_sql()} as _broken "
                f"from {table}) where _broken order by {_q(key)}")


# Factories: what a source module writes.

def not_null(col: str, **kw) -> Rule:
    return Rule(f"{col}_required", "not_null", (col,), f"{col} must be given", **kw)


def integer(col: str, **kw) -> Rule:
    return Rule(f"{col}_is_integer", "regex", (col,), f"{col} must be a whole number",
                stage="text", params={"regex": INTEGER_RE}, **kw)


def number(col: str, **kw) -> Rule:
    return Rule(f"{col}_is_number", "regex", (col,), f"{col} must be a number",
                stage="text", params={"regex": NUMBER_RE}, **kw)


def between(col: str, lo=None, hi=None, name: str | None = None, description: str | None = None,
            **kw) -> Rule:
    """`lo`/`hi` may be `as_of_year(offset)`: bound to the build's date when it runs."""
    desc = description or f"{col} must be within {lo if lo is not None else '-inf'}..{hi if hi is not None else 'inf'}"
    return Rule(name or f"{col}_in_range", "between", (col,), desc,
                params={"min": lo, "max": hi}, **kw)


def in_set(col: str, values, name: str | None = None, description: str | None = None, **kw) -> Rule:
    values = frozenset(values)
    desc = description or f"{col} must be one of a fixed set"
    return Rule(name or f"{col}_known", "in_set", (col,), desc, params={"values": values}, **kw)


def matches(col: str, regex: str, name: str, description: str, **kw) -> Rule:
    return Rule(name, "regex", (col,), description, params={"regex": regex}, **kw)


def check(name: str, expr: str, columns, description: str, **kw) -> Rule:
    """A row-level rule written as SQL that is TRUE for a valid row (NULL: not applicable)."""
    return Rule(name, "check", tuple(columns), description, params={"expr": expr}, **kw)


def first_of_key(name: str, key: list[str], columns, description: str, **kw) -> Rule:
    """Uniqueness that keeps the first row: a later row with the same key breaks the rule (so the
    repeat is quarantined, the first kept). `key` holds SQL expressions over the row."""
    expr = (f"count(*) OVER (PARTITION BY {', '.join(key)} ORDER BY _row "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) = 1")
    return check(name, expr, columns, description, **kw)
