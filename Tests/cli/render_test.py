"""Reports and charts as a person sees them: every kind rendered by headless Chromium to PNG (non-blank,
expected size), every SVG parsed by xmllint. Chromium and xmllint come from scripts/setup."""
import os
import shutil
import struct
import subprocess
import unittest

from fairlua_cli import run, tempdir

SCRIPT = """
local out = arg[1]
local train, test = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train = scale:transform(train):sample{n = 4000, seed = 1}
test = scale:transform(test):sample{n = 4000, seed = 2}
local model = nn.LogisticRegression():fit(train)
fair.detect(model, train, test, {metrics = {"selection_rate", "tpr", "fpr"}, ci = 20}):html(out .. "/detect.html")
fair.mitigate(model, train, test, {method = "reweighing"}):html(out .. "/mitigate.html")
local mf = fair.MetricFrame{metrics = {"selection_rate", "tpr"}, y_true = test:labels(), y_pred = model:predict(test), sensitive = test:sensitive("race")}
report.html(mf, out .. "/frame.html")
mf:plot(out .. "/frame.svg")
local scores = model:predict_proba(test)
plot.roc{path = out .. "/roc.svg", y_true = test:labels(), y_score = scores, sensitive = test:sensitive("sex")}
plot.calibration{path = out .. "/calibration.svg", y_true = test:labels(), y_score = scores, sensitive = test:sensitive("sex")}
fair.post.ThresholdOptimizer{}:fit(model:predict_proba(train), train:labels(), train:sensitive("sex")):plot(out .. "/thresholds.svg")
explain.permutation_importance(model, test, {repeats = 1, features = {"age", "marital-status"}}):plot(out .. "/importance.svg")
explain.partial_dependence(model, test, "age", {grid_resolution = 10, kind = "both"}):plot(out .. "/pd.svg")
local sweep = fair.sweep{train = train, test = test, methods = {"baseline", "reweighing", "threshold_optimizer"}}
sweep:plot(out .. "/sweep.svg")
sweep:html(out .. "/sweep.html")
"""


def png_size(path):
    with open(path, "rb") as f:
        header = f.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


@unittest.skipUnless(shutil.which("chromium") and shutil.which("xmllint"), "chromium and xmllint come from scripts/setup")
class RenderTest(unittest.TestCase):
    def test_reports_and_charts_render(self):
        with tempdir() as d:
            script = os.path.join(d, "make.lua")
            with open(script, "w") as f:
                f.write(SCRIPT)
            code, _, err = run("--quiet", script, d)
            self.assertEqual((code, err), (0, ""))
            svgs = sorted(n for n in os.listdir(d) if n.endswith(".svg"))
            self.assertEqual(len(svgs), 7)
            for name in svgs:
                lint = subprocess.run(["xmllint", "--noout", os.path.join(d, name)], capture_output=True, text=True)
                self.assertEqual(lint.returncode, 0, name + lint.stderr)
            for name in sorted(n for n in os.listdir(d) if n.endswith(".html")) + svgs:
                png = os.path.join(d, name + ".png")
                subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                f"--screenshot={png}", "--window-size=1000,1400", "file://" + os.path.join(d, name)],
                               capture_output=True, timeout=120)
                self.assertTrue(os.path.exists(png), name)
                self.assertEqual(png_size(png), (1000, 1400), name)
                # A blank page compresses to a few kilobytes; a rendered report or chart does not.
                self.assertGreater(os.path.getsize(png), 15000, name)


class BadOutputPathTest(unittest.TestCase):
    def test_missing_directory_is_an_error_before_work(self):
        code, _, err = run("-e", "report.html(fair.MetricFrame{metrics = 'tpr', y_true = {1, 0}, y_pred = {1, 0}, "
                                 "sensitive = {'a', 'b'}}, '/nonexistent-dir/x.html')")
        self.assertEqual(code, 1)
        self.assertIn("the directory /nonexistent-dir does not exist", err)
