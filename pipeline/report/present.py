"""Tables and charts for notebooks that are also read as reports (the country profile): no pandas
index column, a missing value shown as a dash with the reason where it is known, a chart with a
text alternative. In Jupyter they display as HTML; as plain text they print without the index."""
from __future__ import annotations

import html as _html

import pandas as pd

from .html import PLAIN_NUMBER_COLUMNS, esc, is_missing, table
from .charts import alt_text


def edition_label(edition, source_kind) -> str:
    """'LM2017' for an edition of the Landmine Monitor; for another kind of page, the year it
    states and its kind ('2024, ngo'): a Mine Action Review page's year is not a Monitor edition."""
    return f"LM{int(edition)}" if source_kind == "monitor" else f"{int(edition)}, {source_kind}"


class Shown:
    def __init__(self, df: pd.DataFrame, missing: dict | None, by_row: bool = False):
        self.df, self.missing, self.by_row = df, missing or {}, by_row

    def _repr_html_(self) -> str:
        if not self.by_row:
            return table(self.df, missing=self.missing)
        rows = []
        for field, value in zip(self.df["field"], self.df["value"]):
            if is_missing(value):
                why = self.missing.get(field)
                cell = '<td class="missing">—' + (f" <small>{_html.escape(why)}</small>" if why else "") + "</td>"
            else:
                cell = f"<td>{esc(value, plain=any(k in field for k in PLAIN_NUMBER_COLUMNS))}</td>"
            rows.append(f"<tr><th>{_html.escape(field)}</th>{cell}</tr>")
        return f"<table><tbody>{''.join(rows)}</tbody></table>"

    def __repr__(self) -> str:
        return self.df.to_string(index=False, na_rep="—")


def show(df: pd.DataFrame, missing: dict | None = None) -> Shown:
    """A table without the index; `missing` maps a column to why a value can be missing in it."""
    return Shown(df.reset_index(drop=True), missing)


def fields(df: pd.DataFrame, missing: dict | None = None) -> Shown:
    """One row shown as field | value lines (instead of `df.T`, whose header is the index)."""
    if df.empty:
        return Shown(pd.DataFrame({"field": [], "value": []}), missing, by_row=True)
    row = df.iloc[0]
    return Shown(pd.DataFrame({"field": list(df.columns), "value": [row[c] for c in df.columns]},
                              dtype=object), missing, by_row=True)


def chart(fig) -> None:
    """Display a figure with its alt text (read off the figure), as the report does."""
    from IPython.display import display  # here: only inside a notebook, where IPython is loaded

    display(fig, metadata={"image/png": {"alt": alt_text(fig)}})
