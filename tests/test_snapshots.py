"""Any number of register snapshots (issue 18): the warehouse and the report build with one export of
Colombia's register and with five (a refresh adds one every few months), and every count and year
range the report gives of them is computed from the marts. Fast: the mini fixture's raw files plus
slices of the real exports (the first rows of each), built and reported in-process."""
from __future__ import annotations

import shutil

import pytest

from pipeline.report import records

from conftest import FROZEN_RAW, build_fixture, in_process

REAL = FROZEN_RAW / "casualty_records" / "colombia_aicma"
# the shipped exports (each read through its own `files:` entry of mapping.yml) ...
SHIPPED = ["yhxn-eqqw_2017-10_divagant-martian.csv", "yhxn-eqqw_2022-02_juanpintovargas.csv",
           "yhxn-eqqw_20240103_ypochoag.csv", "yhxn-eqqw_2025-09_ardominguezm.csv"]
# ... and a fifth: the latest export under a new date, named as `pipeline refresh` saves one
FIFTH = "yhxn-eqqw_2026-03_datos-gov-co.csv"
ROWS = 120  # data rows kept of each export


def _slice(src, dst, rows: int) -> None:
    lines = src.read_bytes().splitlines(keepends=True)
    dst.write_bytes(b"".join(lines[:rows + 1]))


def _exports(names: list[str]):
    """prepare(raw) for build_fixture: the mini fixture plus these exports of the register (a
    name not shipped is the latest shipped export copied under that name, one row longer)."""
    def prepare(raw):
        d = raw / "casualty_records" / "colombia_aicma"
        d.mkdir(parents=True)
        shutil.copy(REAL / "mapping.yml", d)
        for i, name in enumerate(names):
            src = REAL / (name if name in SHIPPED else SHIPPED[-1])
            _slice(src, d / name, ROWS + (name not in SHIPPED) + i)
    return prepare


@pytest.fixture(scope="module", params=[SHIPPED + [FIFTH], [SHIPPED[-1]]], ids=["five", "one"])
def built(request, tmp_path_factory):
    names = request.param
    b = build_fixture(tmp_path_factory.mktemp("snapshots"), prepare=_exports(names))
    assert b.res.returncode == 0, b.res.stdout + b.res.stderr
    rep = in_process(["report"], b.tmp, raw=b.raw)
    assert rep.returncode == 0, rep.stdout + rep.stderr
    yield names, b
    b.con.close()


def _snapshot(name: str) -> str:
    """The snapshot a file name gives, as the mapping's `from_name` reads it (20240103 -> 2024-01-03)."""
    date = name.split("_")[1]
    return f"{date[:4]}-{date[4:6]}-{date[6:]}" if len(date) == 8 else date


def test_every_export_is_a_snapshot_and_the_latest_is_flagged(built):
    names, b = built
    got = b.con.execute("select snapshot, bool_and(is_latest_snapshot) from marts.record_casualties "
                        "where source = 'colombia_aicma' group by 1 order by 1").fetchall()
    snaps = sorted(_snapshot(n) for n in names)
    assert [s for s, _ in got] == snaps
    assert [latest for _, latest in got] == [s == snaps[-1] for s in snaps]


def test_report_sentence_counts_the_exports_and_years_from_the_data(built):
    names, b = built
    html = (b.tmp / "reports" / "index.html").read_text(encoding="utf-8")
    years = sorted(_snapshot(n)[:4] for n in names)
    if len(names) == 1:
        expected = f"loaded from one export (snapshot) taken in {years[0]};"
    else:
        expected = f"loaded from five exports (snapshots) taken between {years[0]} and {years[-1]};"
    assert expected in html
    assert "four exports" not in html
    assert records.snapshots_sentence(b.con) in expected


def test_chart_draws_one_distinct_line_per_snapshot(built):
    names, b = built
    fig = records.records_by_snapshot(b.con, "colombia_aicma", "COL")
    lines = [ln for ln in fig.axes[0].get_lines() if ln.get_label().startswith("register, snapshot")]
    assert sorted(ln.get_label().split()[2] for ln in lines) == sorted(_snapshot(n) for n in names)
    looks = {(str(ln.get_linestyle()), ln.get_color()) for ln in lines}
    assert len(looks) == len(names)  # no two snapshots drawn alike
    assert (b.tmp / "reports" / "records_compared.svg").exists()


def test_revisions_name_the_snapshot_before(built):
    names, b = built
    rows = b.con.execute("select snapshot, previous_snapshot from marts.record_revisions "
                         "where source = 'colombia_aicma' group by all order by 1").fetchall()
    snaps = sorted(_snapshot(n) for n in names)
    assert rows == list(zip(snaps, [None, *snaps[:-1]]))


def test_snapshots_sentence_without_the_register(mini_build):
    assert records.snapshots_sentence(mini_build.con) is None
