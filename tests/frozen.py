"""The shipped raw data as the code tests know it: data/raw/ frozen at a pinned commit.

Code tests assert real figures (2024: 6,279; Colombia's four exports), so they must not read
whatever a refresh has put in data/raw/ since: a fifth export or a revised file would break them
without any code being wrong. `tests/fixtures/shipped_raw.lock.yml` pins every file under
data/raw/ (manifest included) by its sha256, with the commit they come from. `materialize` copies
those files into a folder (from the working tree where a file is unchanged, else from git at the
pinned commit); conftest.py points LANDMINE_RAW_DIR there for every test. Data checks of the data
present are another matter: `landmine check`.

After a deliberate change to data/raw/ that the tests should see, commit it and re-pin:
    python tests/frozen.py --pin
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
LOCK = Path(__file__).resolve().parent / "fixtures" / "shipped_raw.lock.yml"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(folder).parts))


def pin() -> Path:
    """Write the lock from data/raw/ as committed at HEAD (refuses uncommitted raw changes)."""
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "data/raw"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()
    if dirty:
        raise SystemExit(f"commit data/raw/ first (uncommitted changes):\n{dirty}")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    files = {p.relative_to(RAW).as_posix(): _sha(p) for p in _files(RAW)}
    LOCK.write_text("# data/raw/ as the code tests know it (tests/frozen.py); re-pin with\n"
                    "#   python tests/frozen.py --pin\n"
                    + yaml.safe_dump({"commit": commit, "files": files}, sort_keys=True), encoding="utf-8")
    return LOCK


def _restore(rel: str, sha: str, commit: str, dest: Path) -> None:
    src = RAW / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_file() and _sha(src) == sha:
        shutil.copy2(src, dest)
        return
    got = subprocess.run(["git", "show", f"{commit}:data/raw/{rel}"], cwd=ROOT, capture_output=True)
    if got.returncode or hashlib.sha256(got.stdout).hexdigest() != sha:
        raise RuntimeError(f"the frozen test data cannot be restored: data/raw/{rel} has changed and commit "
                           f"{commit[:12]} is not in this clone. Fetch it (git fetch --unshallow) or re-pin "
                           "deliberately with `python tests/frozen.py --pin`")
    dest.write_bytes(got.stdout)


def materialize() -> Path:
    """The frozen raw folder (made once per lock content, shared by every test process)."""
    lock = yaml.safe_load(LOCK.read_text(encoding="utf-8"))
    key = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"landmine-frozen-raw-{key}"
    if (target / ".complete").exists():
        return target
    with open(f"{target}.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not (target / ".complete").exists():
            work = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=target.parent))
            for rel, sha in lock["files"].items():
                _restore(rel, sha, lock["commit"], work / rel)
            (work / ".complete").write_text(lock["commit"] + "\n")
            shutil.rmtree(target, ignore_errors=True)
            os.replace(work, target)
    return target


if __name__ == "__main__":
    if sys.argv[1:] == ["--pin"]:
        print(f"pinned {pin().relative_to(ROOT)}")
    else:
        print(materialize())
