"""Standard-library-only bootstrap that lets `python3 manage.py quickstart` and
`python3 manage.py runtests` work on a fresh clone.

Outside the project's virtual environment it creates `.venv`, installs the
project with its dev extras (again whenever pyproject.toml changes), and then
re-executes the same command with the virtual environment's interpreter.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".clusterpost-installed"
# Commands that may build the environment from nothing.
BOOTSTRAP_COMMANDS = {"quickstart", "runtests"}


def _venv_python() -> Path:
    return VENV / "bin" / "python"


def _in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _install() -> None:
    python = str(_venv_python())
    print("clusterpost: installing the project into .venv (first run takes a minute)…", flush=True)
    for command in (
        [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"],
    ):
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"clusterpost: installing failed: {' '.join(command[2:])}")
    STAMP.write_text(_requirements_digest())


def ensure_venv(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else ""
    if os.environ.get("CLUSTERPOST_NO_BOOTSTRAP"):
        return
    if _in_venv():
        if command in BOOTSTRAP_COMMANDS and (
            not STAMP.exists() or STAMP.read_text() != _requirements_digest()
        ):
            _install()
        return
    if not _venv_python().exists():
        if command not in BOOTSTRAP_COMMANDS:
            return  # run with whatever interpreter was used (e.g. an external venv)
        print("clusterpost: creating the virtual environment in .venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not STAMP.exists() or STAMP.read_text() != _requirements_digest():
        _install()
    os.execv(str(_venv_python()), [str(_venv_python()), *argv])
