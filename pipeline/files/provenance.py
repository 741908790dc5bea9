"""Provenance of the raw files: what data/raw/manifest.yml says each one is, checked against the
reference set vendored in data/reference/ (data/reference/PROVENANCE.md).

A manifest entry's `derivation` names the reference file (`from`, a path under data/) and says
either `copied: byte-identical` or, row by row (1 = the first data row), which raw rows were
`kept` (equal, in order, to the reference rows left once the `corrected` and `dropped` ones are
taken out), which were `corrected` (from which reference row, which columns, why), which were
`added` (why, from which pages) and which reference rows were `dropped`; `added_columns` names
columns the raw file adds after the reference's own (why), which the row comparison leaves out. `check` re-derives the
raw file from that declaration and names every row and column where data and claim disagree, so
the claim cannot drift from the data. Builds never call this (data/reference/ is not an input);
data checks of the data present do: `problems()`."""
from __future__ import annotations

import csv
import re
from difflib import SequenceMatcher
from pathlib import Path

from . import manifest, paths

COPIED = "byte-identical"
ROW_KINDS = ("kept", "corrected", "added", "dropped")
KEYS = {"from", "copied", "added_columns", *ROW_KINDS}
# each item of a row-level list: its keys, the first ones required
ITEMS = {"corrected": (("row", "reference_row", "columns", "why"), ()),
         "added": (("rows", "why"), ("pages",)),
         "dropped": (("reference_row", "why"), ()),
         "added_columns": (("column", "why"), ())}
SUMS = "SHA256SUMS"  # a `from` naming a checksum list: the raw file is the one of that name it lists
SNAPSHOT = "PROVENANCE.md"
SHOWN = 5  # differing kept rows named one by one; the rest are counted


class Declared(ValueError):
    """A derivation that cannot be read as declared (a bad span, an unknown key)."""


def numbers(spec) -> list[int]:
    """The rows of a span such as "1-75, 78-81" (or one number), in order."""
    if isinstance(spec, int) and not isinstance(spec, bool):
        return [spec]
    out: list[int] = []
    for part in str(spec).split(",") if str(spec).strip() else []:
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m or int(m[2] or m[1]) < int(m[1]):
            raise Declared(f"cannot read the row span {spec!r} (write it like \"1-75, 78-81\")")
        out += range(int(m[1]), int(m[2] or m[1]) + 1)
    return out


def span(rows) -> str:
    """Rows written back as a span ("1-75, 78-81"), so a message stays one line."""
    rows, parts = sorted(set(rows)), []
    for r in rows:
        if parts and r == parts[-1][1] + 1:
            parts[-1][1] = r
        else:
            parts.append([r, r])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)


def read_csv(path: Path) -> list[list[str]]:
    """Header and rows as the csv module reads them: values compared, not quoting or line ends."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def check(entry: manifest.Entry, reference: Path | None = None) -> list[str]:
    """Where a raw file and what its manifest entry declares about it disagree (empty: the claim
    holds). Every problem starts with the file's path under data/raw/."""
    d = entry.meta.get("derivation")
    if d is None:
        found = _undeclared(entry.meta)
    else:
        try:
            found = _origin(entry.meta, d) + _derived(entry, d, reference or paths.reference_dir())
        except Declared as exc:
            found = [f"derivation: {exc}"]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            found = [f"cannot be compared with its reference file: {exc}"]
    return [f"{entry.path}: {p}" for p in found]


def problems(entries=None, reference: Path | None = None) -> list[str]:
    """Every provenance problem: the snapshot in data/reference/ edited, or a manifest entry whose
    declared derivation does not hold. What a data check of the data present reports."""
    entries = manifest.entries() if entries is None else entries
    out = snapshot_problems(reference)
    for e in entries:
        out += check(e, reference)
    return out


def summary(d: dict | None) -> str | None:
    """A derivation in one line, for the report's Sources table (the declaration check() holds
    the data to, not a second description that could drift from it)."""
    if not isinstance(d, dict) or not d.get("from"):
        return None
    src = f"data/{d['from']}"
    if "copied" in d:
        return (f"copied {d['copied']} (sha256 as {src} lists it)" if src.endswith(SUMS)
                else f"copied {d['copied']} from {src}")
    try:
        kinds = {"kept": numbers(d.get("kept", ""))}
        for kind, key in (("corrected", "row"), ("added", "rows"), ("dropped", "reference_row")):
            kinds[kind] = [r for item in d.get(kind) or [] for r in numbers(item.get(key, ""))]
        parts = [f"{kind} {'reference ' if kind == 'dropped' else ''}row{'s' * (len(rows) > 1)} {span(rows)}"
                 for kind, rows in kinds.items() if rows]
        columns = [c.get("column") for c in d.get("added_columns") or []]
        if columns:
            parts.append(f"added column{'s' * (len(columns) > 1)} {', '.join(map(str, columns))}")
    except (Declared, AttributeError, TypeError):
        return f"from {src} (derivation unreadable: see the provenance check)"
    return f"from {src}: " + "; ".join(parts)


def snapshot_problems(reference: Path | None = None) -> list[str]:
    """data/reference/ is never edited: each file as PROVENANCE.md's checksum table lists it."""
    ref = reference or paths.reference_dir()
    if not (ref / SNAPSHOT).is_file():
        return [f"data/reference/{SNAPSHOT} is missing: it says what the snapshot is and lists its checksums"]
    text = (ref / SNAPSHOT).read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| (\S+) \| \d+ \| ([0-9a-f]{64}) \|$", text, re.M))
    present = {p.relative_to(ref).as_posix() for p in ref.rglob("*") if p.is_file()} - {SNAPSHOT}
    out = [f"data/reference/{f}: not listed in {SNAPSHOT} (the snapshot is copied whole, never added to)"
           for f in sorted(present - set(listed))]
    out += [f"data/reference/{f}: listed in {SNAPSHOT} but missing" for f in sorted(set(listed) - present)]
    out += [f"data/reference/{f}: changed since it was copied (sha256 {manifest.sha256(ref / f)[:12]}…, "
            f"{SNAPSHOT} lists {sha[:12]}…); the snapshot is never edited"
            for f, sha in sorted(listed.items()) if f in present and manifest.sha256(ref / f) != sha]
    return out


def _undeclared(meta: dict) -> list[str]:
    """No derivation is no claim (a register export a refresh downloaded), unless the origin
    still names the reference set."""
    origin = str(meta.get("origin", ""))
    if "reference/" in origin or "reference set" in origin:
        return ["origin cites the reference set, but no `derivation` says how the file derives from it"]
    return []


def _origin(meta: dict, d: dict) -> list[str]:
    """The origin sentence (what the report's Sources table shows) agrees with the derivation."""
    origin, cited = str(meta.get("origin", "")), f"data/{d.get('from')}"
    out = [] if cited in origin else [f"origin does not cite {cited}, the file its derivation is from"]
    if "verbatim" in origin.lower() and "copied" not in d:
        out.append("origin says verbatim, but the derivation accounts for it row by row (not copied)")
    if "shared/reference" in origin:
        out.append("origin cites shared/reference/, a folder outside the repository: cite data/reference/")
    return out


def _derived(entry: manifest.Entry, d: dict, reference: Path) -> list[str]:
    """Re-derive the raw file from its reference file as declared."""
    unknown = sorted(set(d) - KEYS)
    if unknown:
        raise Declared(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")
    frm = d.get("from")
    if not isinstance(frm, str) or not frm.startswith("reference/"):
        raise Declared(f"`from` must be a path under data/, in data/reference/ (got {frm!r})")
    src = reference / frm.removeprefix("reference/")
    if not entry.file.is_file():
        return ["the raw file is missing"]
    if not src.is_file():
        return [f"its reference file data/{frm} is missing"]
    if "copied" in d:
        if set(ROW_KINDS) & set(d):
            raise Declared("`copied` and a row-level account (kept/corrected/added/dropped): declare one")
        if d["copied"] != COPIED:
            raise Declared(f"`copied` must be {COPIED!r} (got {d['copied']!r})")
        return _copied(entry.file, src, frm)
    raw, problems = _without_added_columns(read_csv(entry.file), d)
    return problems or _rows(raw, read_csv(src), d, frm)


def _without_added_columns(raw: list[list[str]], d: dict) -> tuple[list[list[str]], list[str]]:
    """The raw file without the columns it declares added (they must close its header, in order)."""
    added = [c["column"] for c in _items(d, "added_columns")]
    if not added:
        return raw, []
    if raw[0][-len(added):] != added:
        return raw, [f"declares added column(s) {', '.join(added)}, but its header ends {raw[0][-len(added):]}"]
    return [r[:-len(added)] for r in raw], []


def _copied(raw: Path, src: Path, frm: str) -> list[str]:
    """A byte-identical copy: the same bytes, or the checksum a SHA256SUMS list gives."""
    if src.name == SUMS:
        want, got = _listed(src).get(raw.name), manifest.sha256(raw)
        if want is None:
            return [f"declared byte-identical to a file data/{frm} lists, but it does not list {raw.name}"]
        return [] if got == want else [f"declared byte-identical, but its sha256 is {got[:12]}…, "
                                       f"data/{frm} lists {want[:12]}…"]
    if raw.read_bytes() == src.read_bytes():
        return []
    return [f"declared byte-identical to data/{frm}, but {_first_difference(read_csv(raw), read_csv(src))}"]


def _listed(sums: Path) -> dict[str, str]:
    """A SHA256SUMS file (`sha256sum` output: digest, then the name, `*` for binary mode) by name."""
    pairs = (ln.split(None, 1) for ln in sums.read_text(encoding="utf-8").splitlines() if ln.strip())
    return {name.strip().lstrip("*"): digest for digest, name in pairs}


def _first_difference(raw: list[list[str]], ref: list[list[str]]) -> str:
    """Where a file declared a copy first differs from its reference, by row and column."""
    if raw[:1] != ref[:1]:
        return "the header differs"
    for i, (a, b) in enumerate(zip(raw[1:], ref[1:]), 1):
        if a != b:
            return f"row {i} differs from reference row {i} in {_columns(raw[0], a, b)}"
    if len(raw) != len(ref):
        more = range(len(ref), len(raw)) if len(raw) > len(ref) else range(len(raw), len(ref))
        whose = "not in the reference" if len(raw) > len(ref) else "missing from the raw file"
        return f"it has {len(raw) - 1} rows, the reference {len(ref) - 1} (rows {span(more)} {whose})"
    return "the bytes differ (quoting, line endings or encoding), not the values"


def _changed(header: list[str], a: list[str], b: list[str]) -> list[str]:
    """Columns whose values differ between two rows (a column one row lacks counts as changed)."""
    width = max(len(header), len(a), len(b))
    names = header + [f"field {i + 1}" for i in range(len(header), width)]
    pad = lambda r: r + [None] * (width - len(r))  # noqa: E731
    return [n for n, x, y in zip(names, pad(a), pad(b)) if x != y]


def _columns(header, a, b) -> str:
    cols = _changed(header, a, b)
    return ("column " if len(cols) == 1 else "columns ") + ", ".join(cols)


def _items(d: dict, kind: str) -> list[dict]:
    """A row-level list (corrected, added, dropped), each item with its required keys."""
    items = d.get(kind) or []
    required, optional = ITEMS[kind]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Declared(f"`{kind}` must be a list of mappings ({', '.join(required)})")
    for i in items:
        whole = [k for k in ("row", "reference_row") if kind == "corrected" and not isinstance(i.get(k, 0), int)]
        if whole:
            raise Declared(f"a `corrected` item's {' and '.join(whole)} must be one row number: {i}")
        missing = [k for k in required if i.get(k) in (None, "", [])]
        unknown = sorted(set(i) - set(required) - set(optional))
        if missing or unknown:
            raise Declared(f"a `{kind}` item lacks {', '.join(missing) or '-'} / has unknown "
                           f"{', '.join(unknown) or '-'}: {i}")
    return items


def _rows(raw: list[list[str]], ref: list[list[str]], d: dict, frm: str) -> list[str]:
    """A row-level account: every raw row kept, corrected or added; every reference row kept,
    corrected or dropped; kept rows equal; corrected rows differ in their declared columns only."""
    if raw[:1] != ref[:1]:
        return [f"its header differs from data/{frm}'s: a row-level account needs the same columns"]
    header, raw, ref = raw[0], raw[1:], ref[1:]
    corrected, added, dropped = (_items(d, k) for k in ("corrected", "added", "dropped"))
    kept = numbers(d.get("kept", ""))
    raw_claims = _claims([("kept", kept), ("corrected", [c["row"] for c in corrected]),
                          ("added", [r for a in added for r in numbers(a["rows"])])])
    ref_claims = _claims([("corrected", [c["reference_row"] for c in corrected]),
                          ("dropped", [r for x in dropped for r in numbers(x["reference_row"])])])
    out = _coverage(raw_claims, len(raw), "row", "kept, corrected nor added")
    out += _coverage(ref_claims, len(ref), "reference row", None)
    out += _kept(header, raw, ref, kept, set(ref_claims))
    return out + _corrections(header, raw, ref, corrected)


def _claims(kinds: list[tuple[str, list[int]]]) -> dict[int, list[str]]:
    """Row -> the kinds that claim it (one, if the declaration is sound)."""
    out: dict[int, list[str]] = {}
    for kind, rows in kinds:
        for r in rows:
            out.setdefault(r, []).append(kind)
    return out


def _coverage(claims: dict[int, list[str]], n: int, what: str, kinds: str | None) -> list[str]:
    """Each row claimed once, within the file; with `kinds`, every row claimed."""
    out = [f"{what} {r} is declared {' and '.join(k)}" for r, k in sorted(claims.items()) if len(k) > 1]
    beyond = [r for r in claims if not 1 <= r <= n]
    if beyond:
        out.append(f"{what}(s) {span(beyond)} declared, but the file has {n} rows")
    missing = [r for r in range(1, n + 1) if r not in claims]
    if kinds and missing:
        out.append(f"{what}(s) {span(missing)} not accounted for (neither {kinds})")
    return out


def _kept(header, raw, ref, kept: list[int], taken: set[int]) -> list[str]:
    """Kept raw rows, in order, equal the reference rows neither corrected nor dropped. Aligned
    as a diff, so one row too many or too few is named, not every row after it."""
    left = [j for j in range(1, len(ref) + 1) if j not in taken]
    kept = [i for i in kept if 1 <= i <= len(raw)]  # a row beyond the file: _coverage says so
    pairs = SequenceMatcher(None, [tuple(raw[i - 1]) for i in kept], [tuple(ref[j - 1]) for j in left],
                            autojunk=False).get_opcodes()
    out, differ = [], []
    for op, a0, a1, b0, b1 in pairs:
        n = min(a1 - a0, b1 - b0) if op == "replace" else 0
        differ += [(kept[a0 + k], left[b0 + k]) for k in range(n)]
        if op != "equal" and a1 - a0 > n:
            out.append(f"row(s) {span(kept[a0 + n:a1])} declared kept, but equal to no reference row "
                       "left once the corrected and dropped ones are taken out")
        if op != "equal" and b1 - b0 > n:
            out.append(f"reference row(s) {span(left[b0 + n:b1])} neither kept, corrected nor dropped")
    out += [f"row {i} is declared kept but differs from reference row {j} in {_columns(header, raw[i - 1], ref[j - 1])}"
            for i, j in differ[:SHOWN]]
    if len(differ) > SHOWN:
        out.append(f"... and {len(differ) - SHOWN} more kept rows differ from their reference rows")
    return out


def _corrections(header, raw, ref, corrected: list[dict]) -> list[str]:
    """A corrected row differs from its reference row in exactly the columns it declares."""
    out = []
    for c in corrected:
        i, j, declared = c["row"], c["reference_row"], list(c["columns"])
        if not (isinstance(i, int) and isinstance(j, int) and 1 <= i <= len(raw) and 1 <= j <= len(ref)):
            continue  # out of range: _coverage said so
        changed = _changed(header, raw[i - 1], ref[j - 1])
        undeclared = [x for x in changed if x not in declared]
        unknown = [x for x in declared if x not in header]
        same = [x for x in declared if x in header and x not in changed]
        if undeclared:
            out.append(f"row {i} (corrected from reference row {j}) differs in undeclared "
                       f"column(s) {', '.join(undeclared)}")
        if unknown:
            out.append(f"row {i}: declared corrected column(s) {', '.join(unknown)} not in the header")
        if same:
            out.append(f"row {i}: declared corrected column(s) {', '.join(same)} equal reference row {j}'s")
    return out
