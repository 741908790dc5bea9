"""Tiny helpers for self-contained HTML: inline CSS, escaped tables, images as data URIs."""
from __future__ import annotations

import base64
import html
import math
import re

import numpy as np
import pandas as pd

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;font-size:.9em}.warn{color:#a33}.ok{color:#276}
figure{margin:1em 0}figcaption{color:#555;font-size:.85em}
ul.findings li{margin:.3em 0}
.scroll{max-height:420px;overflow:auto}
nav.toc{background:#f7f7f7;border:1px solid #ddd;padding:.5em 1em;margin:1em 0;font-size:.9em}
nav.toc ol{margin:.3em 0;padding-left:1.4em;columns:2}
td.missing{color:#777}td.missing small{font-size:.8em}
"""


# years, deadlines and row numbers print without thousands separators
PLAIN_NUMBER_COLUMNS = ("year", "edition", "row", "deadline")


def esc(v, plain: bool = False) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, (float, np.floating)) and math.isnan(v)):
        return ""
    if isinstance(v, pd.Timestamp):  # a date column comes back from pandas as a midnight timestamp
        return v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat(sep=" ")
    if isinstance(v, (np.integer, np.floating)):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v) if plain else f"{v:,}"
    return html.escape(str(v))


def is_missing(v) -> bool:
    return esc(v) == "" and not (isinstance(v, str) and v == "")


def table(df: pd.DataFrame, max_rows: int | None = None, scroll: bool = False,
          missing: dict | None = None) -> str:
    """A NULL shows as a dash, never an empty cell a reader could take for a blank or a zero;
    `missing` adds the column's reason (e.g. {"killed": "split not given by the source"})."""
    missing = {} if missing is None else missing
    if df is None or len(df) == 0:
        return '<p class="note">(none)</p>'
    shown = df if max_rows is None else df.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    plain = [any(k in str(c) for k in PLAIN_NUMBER_COLUMNS) for c in shown.columns]
    rows = []
    for rec in shown.itertuples(index=False):
        cells = []
        for v, p, col in zip(rec, plain, shown.columns):
            if is_missing(v):
                why = missing.get(col)
                cells.append('<td class="missing">—' + (f" <small>{html.escape(why)}</small>" if why else "")
                             + "</td>")
                continue
            num = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
            cells.append(f'<td class="num">{esc(v, p)}</td>' if num else f"<td>{esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="note">{len(df) - len(shown)} more row(s) in the CSV export.</p>'
            if len(shown) < len(df) else "")
    t = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    return f'<div class="scroll">{t}</div>' if scroll else t


def img_png(png, alt: str) -> str:
    """`png`: PNG bytes, or what charts.save returns (its alt text, read off the figure, is added)."""
    if isinstance(png, dict):
        alt = f"{alt}. {png['alt']}" if alt else png["alt"]
        png = png["png"]
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" style="max-width:100%">'


def _slug(text: str, seen: set) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", html.unescape(text)).lower()).strip("-") or "section"
    slug, n = base, 1
    while slug in seen:
        n += 1
        slug = f"{base}-{n}"
    seen.add(slug)
    return slug


def with_toc(body: str) -> str:
    """Give every <h2> an id and put a table of contents linking to them after the <h1>."""
    seen: set = set()
    entries = []

    def anchor(m):
        slug = _slug(m.group(1), seen)
        entries.append((slug, re.sub(r"<[^>]+>", "", m.group(1))))
        return f'<h2 id="{slug}">{m.group(1)}</h2>'

    body = re.sub(r"<h2>(.*?)</h2>", anchor, body, flags=re.S)
    if not entries:
        return body
    nav = ('<nav class="toc" aria-label="Contents"><b>Contents</b><ol>'
           + "".join(f'<li><a href="#{s}">{t}</a></li>' for s, t in entries) + "</ol></nav>")
    head, sep, rest = body.partition("</h1>")
    return head + sep + nav + rest if sep else nav + body


def page(title: str, body: str, toc: bool = False) -> str:
    if toc:
        body = with_toc(body)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>{body}</body></html>\n")
