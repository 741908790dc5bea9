"""Seeded generator of SYNTHETIC casualty-record files, for the benchmark and the shipped examples.

Nothing here is real: identifiers, dates, places, ages and the "name" placeholders are drawn from
fixed distributions with a fixed seed (same seed, same file). Two shapes: an IMSMA-style export in
Spanish (the shape of data/raw/casualty_records/synthetic_imsma/) and an HXL-tagged CSV. A small
share of rows can be made to break a rule (bad_share), as real exports do. Files are written in
chunks, so a 10-million-row file never sits in memory."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

CHUNK = 500_000
DEPARTAMENTOS = ["Antioquia", "Meta", "Caquetá", "Nariño", "Norte de Santander", "Cauca", "Bolívar",
                 "Putumayo", "Tolima", "Guaviare", "Arauca", "Chocó"]
DEVICES_ES = ["Mina antipersonal", "Munición sin explotar", "Artefacto explosivo improvisado"]


def _pick(rng, values, p, n):
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p)]


def _dates(rng, n, first=1990, last=2024):
    years = rng.integers(first, last + 1, size=n)
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    days = rng.integers(0, 365, size=n).astype("timedelta64[D]")
    return pa.array((start + days).astype("datetime64[s]"), pa.timestamp("s"))


def _ages(rng, n, missing=0.3):
    age = rng.gamma(4.0, 7.0, size=n).astype(int).clip(1, 90)
    s = age.astype(str).astype(object)
    s[rng.random(n) < missing] = ""
    return s, age


def imsma_chunk(rng, start: int, n: int, bad_share: float = 0.0) -> pa.Table:
    ids = np.char.add("SYN-", np.char.zfill(np.arange(start + 1, start + n + 1).astype(str), 8)).astype(object)
    fecha = pc.strftime(_dates(rng, n), format="%d/%m/%Y").to_numpy(zero_copy_only=False).astype(object)
    edad, age = _ages(rng, n)
    grupo = np.where(age < 18, "Menor de edad", "Mayor de edad").astype(object)
    grupo[rng.random(n) < 0.5] = ""  # many exports give the age or the group, not both
    grupo[(edad == "") & (rng.random(n) < 0.3)] = ""
    estado = _pick(rng, ["Herido", "Muerto", "Sin información", ""], [0.66, 0.30, 0.03, 0.01], n)
    cond = _pick(rng, ["Civil", "Fuerza Pública", "Desminador", "Sin información"], [0.55, 0.40, 0.02, 0.03], n)
    sexo = _pick(rng, ["Hombre", "Mujer", "Sin información"], [0.85, 0.12, 0.03], n)
    if bad_share:
        bad = np.flatnonzero(rng.random(n) < bad_share)
        kind = rng.integers(0, 3, size=len(bad))
        edad[bad[kind == 0]] = "desconocida"        # age_is_integer
        fecha[bad[kind == 1]] = "31/02/2019"         # incident_date_is_date
        estado[bad[kind == 2]] = "Herida leve"       # outcome_known (not in the value map)
    return pa.table({
        "ID Víctima": ids,
        "Nombre": np.char.add("Persona sintética ", np.arange(start + 1, start + n + 1).astype(str)).astype(object),
        "Fecha del evento": fecha,
        "Departamento": _pick(rng, DEPARTAMENTOS, None, n),
        "Municipio": np.char.add("Municipio ", rng.integers(1, 400, size=n).astype(str)).astype(object),
        "Tipo de artefacto": _pick(rng, DEVICES_ES, [0.7, 0.2, 0.1], n),
        "Estado": estado, "Condición": cond, "Edad": edad, "Grupo etario": grupo, "Sexo": sexo,
    })


def hxl_chunk(rng, start: int, n: int) -> pa.Table:
    outcome = rng.choice(3, size=n, p=[0.35, 0.62, 0.03])
    sex = rng.choice(3, size=n, p=[0.15, 0.8, 0.05])
    edad, _ = _ages(rng, n, missing=0.2)
    return pa.table({
        "Incident ID": np.char.add("HXL-SYN-", np.char.zfill(np.arange(start + 1, start + n + 1).astype(str), 6)).astype(object),
        "Date": pc.strftime(_dates(rng, n, 2015, 2024), format="%Y-%m-%d").to_numpy(zero_copy_only=False).astype(object),
        "Country": _pick(rng, ["AFG", "UKR", "XKX"], [0.6, 0.35, 0.05], n),
        "Province": _pick(rng, ["Province A", "Province B", "Province C"], None, n),
        "Device": _pick(rng, ["Improvised mine", "Antipersonnel mine", "ERW"], [0.5, 0.3, 0.2], n),
        "Killed": np.where(outcome == 0, "1", "0").astype(object),
        "Injured": np.where(outcome == 1, "1", "0").astype(object),
        "Casualty type": _pick(rng, ["Civilian", "Military", "Deminer", "Unknown"], [0.8, 0.15, 0.02, 0.03], n),
        "Age": edad,
        "Female": np.where(sex == 0, "1", "").astype(object),
        "Male": np.where(sex == 1, "1", "").astype(object),
        "Reported by": np.char.add("Synthetic reporter ", rng.integers(1, 20, size=n).astype(str)).astype(object),
    })


HXL_TAGS = ["#meta+id", "#date+incident", "#country+code", "#adm1+name", "#item+type", "#affected+killed",
            "#affected+injured", "#affected+type", "#affected+age", "#affected+f", "#affected+m", "#contact+name"]


def write(path: Path, rows: int, shape: str = "imsma", seed: int = 20241, bad_share: float = 0.0) -> Path:
    """Write `rows` synthetic records to `path` (CSV, UTF-8) in chunks; same seed, same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    tmp = path.with_name(path.name + ".part")
    opts = pacsv.WriteOptions(include_header=False, quoting_style="needed")
    with open(tmp, "wb") as f:
        done = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            t = imsma_chunk(rng, done, n, bad_share) if shape == "imsma" else hxl_chunk(rng, done, n)
            if done == 0:
                head = pa.BufferOutputStream()
                pacsv.write_csv(t.slice(0, 0), head, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
                f.write(head.getvalue().to_pybytes())
                if shape == "hxl":
                    f.write((",".join(HXL_TAGS) + "\n").encode())
            pacsv.write_csv(t, f, opts)
            done += n
    tmp.replace(path)
    return path
