"""The README's mart tables, generated from the contracts so the two cannot disagree."""
from __future__ import annotations

from .warehouse import contracts


def marts_markdown() -> str:
    out = []
    for m in contracts():
        out.append(f"#### `marts.{m['name']}`\n\n{m['description']}\n\nKey: "
                   f"{', '.join(m['unique_key'])}\n\n| column | meaning |\n|---|---|")
        for c in m["columns"]:
            out.append(f"| {c['name']} | {c['description'].replace('|', '/')} |")
        tests = m.get("expression_tests", [])
        if tests:
            out.append("\nChecked on every build (a breaking row fails it): " + "; ".join(
                f"`{t['expression']}`" + (f" where `{t['where']}`" if t.get("where") else "") for t in tests) + ".")
        out.append("")
    return "\n".join(out)
