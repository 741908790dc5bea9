"""CSV exports are safe to open in a spreadsheet: formula-like text is neutralised, numbers stay numbers."""
from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.report.exports import export_table, neutralise


def test_neutralise_formula_like_text_only():
    assert neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("+1+2") == "'+1+2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-cmd") == "'-cmd"
    assert neutralise("Myanmar") == "Myanmar"
    assert neutralise(-5) == -5


def test_export_writes_neutralised_csv_and_parquet(tmp_path):
    con = duckdb.connect()
    con.execute("create table t as select * from (values (2, '=1+1', -3.5), (1, 'ok', 4.0)) v(k, txt, num)")
    csv, pq = export_table(con, "t", ["k"], tmp_path)
    assert csv.read_text().splitlines() == ["k,txt,num", "1,ok,4.0", "2,'=1+1,-3.5"]
    back = pd.read_parquet(pq)
    assert back["txt"].tolist() == ["ok", "=1+1"]  # Parquet keeps the exact value


def test_text_cells_are_found_whatever_the_text_dtype():
    """pandas 3 gives text the `str` dtype, pandas 2 `object`; both (and `string`) are neutralised."""
    from pipeline.report.exports import safe_frame
    for dtype in (None, object, "string"):
        df = pd.DataFrame({"txt": pd.Series(["=cmd()", "ok", None], dtype=dtype), "n": [-1, 2, 3]})
        out = safe_frame(df)
        assert out["txt"].tolist()[:2] == ["'=cmd()", "ok"], df["txt"].dtype
        assert pd.isna(out["txt"].tolist()[2]) and out["n"].tolist() == [-1, 2, 3]
