"""The sandbox escape corpus (Tests/sandbox/*.lua): each plugin alone, checked against its header."""
import glob
import os
import shlex
import shutil
import subprocess
import time
import unittest

from fairlua_cli import BIN, ROOT, tempdir, write

CORPUS = os.path.join(ROOT, "Tests", "sandbox")
DECISIONS = "y,p,g\n1,1,a\n0,1,b\n1,0,a\n0,0,b\n1,1,b\n"


def header(path):
    """The `-- key: value` lines at the top of a corpus file."""
    fields = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("-- ") or ":" not in line:
                break
            key, _, value = line[3:].partition(":")
            fields[key.strip()] = value.strip()
    return fields


def run_host(args, plugin_dir=None):
    argv = [BIN] + (["--plugins", plugin_dir] if plugin_dir else []) + args
    started = time.monotonic()
    p = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - started


class SandboxCorpusTest(unittest.TestCase):
    def test_every_escape_attempt_is_stopped(self):
        files = sorted(glob.glob(os.path.join(CORPUS, "*.lua")))
        self.assertGreaterEqual(len(files), 25)
        for path in files:
            fields = header(path)
            with self.subTest(attempt=os.path.basename(path)), tempdir() as d:
                plugins = os.path.join(d, "plugins")
                os.mkdir(plugins)
                shutil.copy(path, plugins)
                csv = write(d, "decisions.csv", DECISIONS)
                args = [a.replace("{csv}", csv) for a in shlex.split(fields.get("host", '-e ""'))]
                code, out, err, _ = run_host(args, plugins)
                self.assertEqual(code, int(fields["exit"]), err)
                self.assertIn(fields.get("stderr", ""), err)
                if fields.get("stdout") == "same-as-without-plugin":
                    self.assertEqual(out, run_host(args)[1])
                elif "stdout" in fields:
                    self.assertEqual(out, fields["stdout"].replace("\\t", "\t") + "\n")

    def test_sandboxed_script_cannot_switch_the_budget_off(self):
        code, _, err, seconds = run_host(["--sandbox", "-e", "while true do pcall(function() while true do end end) end"])
        self.assertEqual(code, 1)
        self.assertIn("instruction limit exceeded", err)
        self.assertLess(seconds, 15)


if __name__ == "__main__":
    unittest.main()
