"""bin/supervise, which bin/serve runs each process under: a process that dies is started again, alone."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from tests.worker.conftest import wait_for

SUPERVISE = Path(__file__).resolve().parents[2] / "bin" / "supervise"


def _starts(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_process_is_started_again_and_stopping_the_supervisor_stops_it(tmp_path):
    log = tmp_path / "starts"
    supervisor = subprocess.Popen(  # noqa: S603 - fixed arguments
        [SUPERVISE, "demo", "sh", "-c", f"echo $$ >> {log}; exec sleep 60"], stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: len(_starts(log)) == 1, timeout=10, what="the first start")
        os.kill(_starts(log)[0], signal.SIGKILL)  # as the out-of-memory killer would

        wait_for(lambda: len(_starts(log)) == 2, timeout=10, what="the restart")
        assert _alive(_starts(log)[1])
    finally:
        supervisor.terminate()
        _, errors = supervisor.communicate(timeout=10)
    assert supervisor.returncode == 0
    assert "demo exited with status 137; starting it again" in errors
    time.sleep(0.2)
    assert not any(_alive(pid) for pid in _starts(log))
