"""Shared helpers for the command-line tests: where the binary is, and how to run it."""
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("FAIRLUA_BIN", os.path.join(ROOT, ".build", "debug", "fairlua"))


def run(*args, stdin=None, env=None):
    """Runs fairlua with args; returns (exit code, stdout, stderr)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=full_env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def write(directory, name, text):
    """Writes a file into directory and returns its path."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def tempdir():
    return tempfile.TemporaryDirectory(prefix="fairlua-cli-")
