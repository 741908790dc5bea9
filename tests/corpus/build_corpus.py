"""Writes the bad-input corpus (tests/corpus/*.csv) and generates the one case too big to commit.

The files are committed; this script documents how each was made (`python tests/corpus/build_corpus.py`
rewrites them identically). Values are test inputs shaped like the shipped rows, not Monitor figures, and cite reserved example
domains (news.example.org, ngo.example.org), never a real page.
Expected outcomes are in manifest.yml; tests/test_corpus.py checks every case."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

D = "edition,data_year,group,casualties,source_url,locator"
D1 = "2024,2023,child,1498,https://news.example.org/world/2364904.html,HI Switzerland: 37% of civilian victims"
D2 = ("2023,2022,female,404,https://news.example.org/world/2023/11/14/x/,"
      "\"Women and girls: 16% of 2,499 casualties with sex known\"")
T = "edition,data_year,device_type,casualties,source_url,locator"
G = ("edition,data_year,total,killed,injured,outcome_unknown,civilian_pct,child_pct,child_pct_basis,"
     "military_pct,deminer_pct,female_pct,states_areas,improvised_mine_casualties,"
     "cluster_munition_remnant_casualties,ap_mine_casualties,source_url,locator")
C = "edition,data_year,country,iso3,casualties,killed,injured,state_party,source_url,locator"
RBC = "https://news.example.org/news/ukraine-ranked-fourth-1764651741.html"
HI = "https://ngo.example.org/en/civilian-casualties-release"


def g(total="", killed="", injured="", unknown="", civ="", child="", basis="", states="", loc="HI release"):
    cells = ["2025", "2024", total, killed, injured, unknown, civ, child, basis, "", "", "", states, "", "", "",
             HI, loc]
    return ",".join(cells)


def lines(*rows, end="\n"):
    return (end.join(rows) + end).encode("utf-8")


def xlsx() -> bytes:
    """A minimal real .xlsx workbook (what Excel writes, reduced): a ZIP of XML parts."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="demographics" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>edition</t></is></c><c r="B1" t="inlineStr"><is><t>data_year</t></is></c></row><row r="2"><c r="A2"><v>2024</v></c><c r="B2"><v>2023</v></c></row></sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            z.writestr(info, text)
    return buf.getvalue()


FILES = {
    "utf8_bom.csv": b"\xef\xbb\xbf" + lines(D, D1, D2),
    "latin1_cp1252.csv": (D + "\n" + D1.replace("HI Switzerland", "Handicap International Suisse \u2013 r\u00e9sum\u00e9")
                          + "\n").encode("cp1252"),
    "semicolon_delimiter.csv": lines(D.replace(",", ";"), D1.replace(",", ";")),
    "tab_delimiter.csv": lines(D.replace(",", "\t"), D1.replace(",", "\t")),
    "thousands_comma.csv": lines(G, g('"6,279"', '"1,945"', '"4,325"')),
    "thousands_space.csv": lines(G, g("6 279", "1\u00a0945", "4\u202f325")),
    "footnote_markers.csv": lines(D, '2025,2024,child,"1,015[12]",https://news.example.org/world/2364904.html,Table 3',
                                  "2025,2024,female,2029*,https://news.example.org/world/2364904.html,Table 3 note *"),
    "missing_markers.csv": lines(G, g("6279", "-", "n/a", "N/A", "\u2014", "46", "of civilian casualties")),
    "missing_marker_in_required.csv": lines(D, "2024,2023,child,n/a,https://news.example.org/world/2364904.html,p. 4"),
    "percent_sign.csv": lines(G, g("6279", civ="90%", child="46 %", basis="of civilian casualties")),
    "decimal_comma.csv": lines(G, g("6279", civ='"90,5"')),
    "dot_thousands.csv": lines(D, D1.replace(",1498,", ",1.498,")),
    "empty.csv": b"",
    "header_only.csv": lines(D),
    "missing_required_column.csv": lines(D.rsplit(",", 1)[0], D1.rsplit(",", 1)[0]),
    "unknown_extra_column.csv": lines(D + ",notes", D1 + ",checked by AB"),
    "duplicated_rows.csv": lines(D, D1, D1),
    "negative_count.csv": lines(D, D1.replace(",1498,", ",-12,")),
    "percentage_over_100.csv": lines(G, g("6279", civ="190")),
    "year_1899.csv": lines(D, D1.replace("2024,2023,", "1900,1899,")),
    "year_2099.csv": lines(D, D1.replace("2024,2023,", "2100,2099,")),
    "edition_before_data_year.csv": lines(D, D1.replace("2024,2023,", "2022,2023,")),
    "killed_injured_over_total.csv": lines(G, g("100", "60", "50")),
    "unknown_group.csv": lines(D, D1.replace(",child,", ",Narnia,")),
    "unknown_country.csv": lines(C, f"2025,2024,Narnia,NRN,12,,,no,{RBC},News list"),
    "footnote_markers_country.csv": lines(C, f'2025,2024,Myanmar,MMR,"2,029*",,,no,{RBC},Table: Myanmar',
                                          f'2025,2024,Syria,SYR,"1,015[12]",,,no,{RBC},Table: Syria'),
    "unknown_device_type.csv": lines(T, "2025,2024,mines of unknown kind,12,https://ngo.example.org/x,MAG release"),
    "formula_cells.csv": lines(D, D1.replace("HI Switzerland: 37% of civilian victims", '"=HYPERLINK(""http://x.test"",""click"")"'),
                               D2.replace('"Women and girls: 16% of 2,499 casualties with sex known"', "@SUM(A1:A9)")),
    "formula_in_number.csv": lines(D, D1.replace(",1498,", ",=1+2,")),
    "sql_in_text.csv": lines(D, D1.replace("HI Switzerland: 37% of civilian victims",
                                           "x'); drop table raw.demographics; --")),
    "binary_garbage.csv": random.Random(5).randbytes(2048).replace(b"\x00", b"\x01"),  # no NUL: harder
    "truncated_mid_row.csv": lines(D, D1)[:-1] + b"\n" + D2.encode()[:30],
    "unterminated_quote.csv": lines(D, D1, D2[:-10]).rstrip(b"\n"),
    "ragged_row.csv": lines(D, D1 + ", Geneva", D2),
    "xlsx_renamed.csv": xlsx(),
    "pdf_renamed.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
    "utf16.csv": (D + "\r\n" + D1 + "\r\n").encode("utf-16"),
    "html_page.csv": lines("<!DOCTYPE html>", "<html><head><title>Landmine Monitor</title></head>", "<body>Not found</body></html>"),
    "crlf_padded_cells.csv": lines(D, " 2024 , 2023,child ,1498,https://news.example.org/world/2364904.html,  p. 4", end="\r\n"),
    "blank_lines.csv": lines(D, "", D1, "", D2, ""),
}


def generated(name: str, folder: Path) -> Path:
    """Cases generated at test time rather than committed (1 MB is too big for the repository)."""
    if name == "one_mb_field.csv":
        path = folder / name
        path.write_bytes(lines(D, D1.replace("HI Switzerland: 37% of civilian victims", "x" * (1 << 20))))
        return path
    raise KeyError(name)


if __name__ == "__main__":
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(FILES)} files to {HERE}")
