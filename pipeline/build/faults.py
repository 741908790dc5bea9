"""Pause points for crash tests: with LANDMINE_PAUSE_AT=<point>[,<point>...] a build stops at that
point, says so on stderr ("paused at <point> (pid N)") and waits, so a test can SIGKILL it at a
known place. It resumes when the file named by LANDMINE_PAUSE_RELEASE exists (or after 300 s).
Points: ingest (after the first file is validated), models (the first mart is built in the
temporary file), replace (the new file is complete, just before os.replace), replaced (just after).
Unset in normal use: then this is a no-op."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

POINTS = ("ingest", "models", "replace", "replaced")


def pause_point(name: str) -> None:
    wanted = os.environ.get("LANDMINE_PAUSE_AT", "")
    if not wanted or name not in wanted.split(","):
        return
    print(f"paused at {name} (pid {os.getpid()})", file=sys.stderr, flush=True)
    release = os.environ.get("LANDMINE_PAUSE_RELEASE")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if release and Path(release).exists():
            return
        time.sleep(0.05)
