"""What a person sees on the command line: aligned tables, digits, help text, output formats, progress bars."""
import os
import random
import re
import subprocess
import unittest

import pexpect

from fairlua_cli import BIN, run, tempdir, write

FRAME = ("print(fair.MetricFrame{metrics = {'selection_rate'}, y_true = {1, 0, 1, 0, 1, 0}, y_pred = {1, 0, 0, 1, 0, 0}, "
         "sensitive = {'a', 'a', 'a', 'b', 'b', 'b'}})")


class TableTest(unittest.TestCase):
    def test_describe_keeps_numbers_and_text_in_separate_columns(self):
        code, out, err = run("-e", "data.load('german'):describe()")
        self.assertEqual((code, err), (0, ""))
        lines = out.split("\n")
        self.assertEqual(lines[0].split(), ["column", "type", "role", "missing", "mean", "std", "min", "max", "levels", "top"])
        month = next(line for line in lines if line.startswith("month "))
        self.assertEqual(month.split(), ["month", "numeric", "feature", "0", "20.9", "12.06", "4", "72"])
        age = next(line for line in lines if line.startswith("age "))   # AIF360's binary age: old is age >= 25
        self.assertEqual(age.split(), ["age", "categorical", "sensitive", "0", "2", "old"])

    def test_digits_option_sets_the_significant_digits(self):
        self.assertIn("0.3333\n", run("-e", FRAME)[1])
        code, out, _ = run("--digits", "2", "-e", FRAME)
        self.assertEqual(code, 0)
        self.assertIn("0.33\n", out)
        self.assertNotIn("0.333", out)
        code, _, err = run("--digits", "0", "-e", FRAME)
        self.assertEqual(code, 2)
        self.assertIn("--digits: 1 to 17 expected, got 0", err)


class HelpTest(unittest.TestCase):
    def test_help_paragraphs_are_not_broken_and_defaults_are_not_repeated(self):
        for command in ("audit", "merge", "test", "repl", "run"):
            code, out, _ = run(command, "--help", env={"COLUMNS": "80"})
            self.assertEqual(code, 0, command)
            discussion = out.split("\n\nUSAGE:")[0].split("\n\n", 1)[1]
            for paragraph in discussion.split("\n\n"):
                lines = paragraph.split("\n")
                # wrapped at 80 columns: only a paragraph's last line may be short
                self.assertTrue(all(len(line) >= 60 for line in lines[:-1]), f"{command}: {paragraph}")
            self.assertIsNone(re.search(r"\(default \w+\)[^\n]*\n?[^\n]*\(default: ", out), command)
        self.assertNotIn("comma-separated (default 1)", run("audit", "--help")[1])


class FormatTest(unittest.TestCase):
    def test_out_extension_chooses_the_format_when_format_is_not_given(self):
        with tempdir() as d:
            data = write(d, "d.csv", "y,p,g\n1,1,a\n0,1,a\n1,0,b\n0,0,b\n")
            for name, start in (("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.md", "# Fairness audit"), ("r.txt", "Audit of ")):
                out = os.path.join(d, name)
                code, _, err = run("audit", data, "--label", "y", "--prediction", "p", "--sensitive", "g", "--out", out)
                self.assertEqual((code, err), (0, ""), name)
                with open(out) as f:
                    self.assertTrue(f.read().startswith(start), name)
            out = os.path.join(d, "forced.html")
            self.assertEqual(run("audit", data, "--label", "y", "--prediction", "p", "--sensitive", "g", "--format", "json", "--out", out)[0], 0)
            with open(out) as f:
                self.assertTrue(f.read().startswith("{"))


# Bars show at once (FAIRLUA_PROGRESS_AFTER=0), however fast the build runs the work.
NOW = dict(os.environ, FAIRLUA_PROGRESS_AFTER="0")
LONG = ("local train = data.load('adult'):sample{n = 8000, seed = 1} "
        "fair.inproc.AdversarialDebiasing{epochs = 3}:fit(train) print('done')")


class ProgressTest(unittest.TestCase):
    def test_a_bar_with_rate_and_time_left_on_a_terminal_and_none_with_quiet(self):
        child = pexpect.spawn(BIN, ["-e", LONG], encoding="utf-8", timeout=120, env=NOW)
        child.expect(r"adversarial debiasing \[[#-]+\] \d+/\d+ [\d.]+/s ETA \d+s epoch \d/3")
        child.expect("done")
        child.close()
        quiet = pexpect.spawn(BIN, ["--quiet", "-e", LONG], encoding="utf-8", timeout=120, env=NOW)
        self.assertEqual(quiet.read().strip(), "done")
        quiet.close()
        code, out, err = run("-e", LONG, env={"FAIRLUA_PROGRESS_AFTER": "0"})     # not a terminal: nothing but the output
        self.assertEqual((code, out, err), (0, "done\n", ""))

    def test_a_bad_delay_is_a_usage_error(self):
        self.assertEqual(run("-e", "print(1)", env={"FAIRLUA_PROGRESS_AFTER": "soon"}),
                         (2, "", "fairlua: FAIRLUA_PROGRESS_AFTER: seconds from 0 to 3600 expected, got 'soon'\n"))


class ReadProgressTest(unittest.TestCase):
    """fairlua audit and data.csv show the bytes read of a gzip file and of a pipe (they showed nothing)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempdir()
        d = cls.dir.name
        draw = random.Random(1)   # random rows, so that gzip compresses them as it does real data (about 8×)
        rows = "".join(f"{draw.randint(0, 1)},{draw.randint(0, 1)},{draw.choice('ab')}\n" for _ in range(400000))
        cls.plain = write(d, "big.csv", "y,p,g\n" + rows)
        cls.gz = cls.plain + ".gz"
        subprocess.run(["gzip", "-k", cls.plain], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def audit(self, source, *extra):
        return f"{source} | {BIN} audit - --label y --prediction p --sensitive g {' '.join(extra)}"

    def test_gzip_and_piped_reads_show_bytes_on_a_terminal_only(self):
        child = pexpect.spawn(BIN, ["audit", self.gz, "--label", "y", "--prediction", "p", "--sensitive", "g"], encoding="utf-8", timeout=180,
                              env=NOW)
        child.expect(r"reading big\.csv\.gz \[[#-]+\] \d+/\d+ [\d.]+/s ETA \d+s")
        child.expect("Audit of ")
        child.close()
        piped = pexpect.spawn("bash", ["-c", self.audit(f"cat {self.plain}")], encoding="utf-8", timeout=180, env=NOW)
        piped.expect(r"reading standard input \(bytes\) \d+ [\d.]+/s")
        piped.expect("Audit of ")
        piped.close()
        quiet = pexpect.spawn("bash", ["-c", self.audit(f"cat {self.plain}", "--quiet")], encoding="utf-8", timeout=180, env=NOW)
        self.assertNotIn("reading", quiet.read())
        quiet.close()
        code, _, err = run("-e", f"print(#data.csv('{self.gz}', {{label = 'y', positive = 1}}))")   # not a terminal
        self.assertEqual((code, err), (0, ""))


class NamesTest(unittest.TestCase):
    def test_fairlearn_names_work_in_every_options_table_and_on_the_command_line(self):
        script = ("local y = {1, 0, 1, 0} local s = {'a', 'a', 'b', 'b'} "
                  "print(#plot.roc{y_true = y, y_score = {0.9, 0.2, 0.6, 0.4}, sensitive_features = s} > 0, "
                  "fair.MetricFrame{metrics = 'selection_rate', y_true = y, y_pred = y, sensitive_features = s, "
                  "sample_weight = {1, 1, 1, 1}}:overall().selection_rate)")
        self.assertEqual(run("-e", script), (0, "true\t0.5\n", ""))
        with tempdir() as d:
            data = write(d, "d.csv", "y,p,g\n1,1,a\n0,1,a\n1,0,b\n0,0,b\n")
            self.assertEqual(run("audit", data, "--y-true", "y", "--y-pred", "p", "--sensitive", "g", "--format", "json")[0], 0)


class DocTest(unittest.TestCase):
    def test_report_digits_is_documented_as_a_field(self):
        self.assertRegex(run("-e", "help(report)")[1], r"\n  report\.digits +Significant digits")
        self.assertIn("---@type integer\nreport.digits = nil\n", run("doc", "--luals")[1])
