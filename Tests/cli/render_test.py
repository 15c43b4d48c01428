"""Reports and charts as a person sees them: every kind (detection, detection with small groups, mitigation, MetricFrame, sweep, image-folder
detection, audit, fairness-check, disparity, TreeSHAP, Clarify and regression-fairness reports; bar, line, ROC, calibration, threshold, importance,
equalized-odds threshold, partial-dependence, mean |SHAP|, trade-off, tree, fairness-check, occlusion and heat-map charts) rendered by headless Chromium to PNG (non-blank, expected size), every SVG parsed by xmllint.
Chromium and xmllint come from scripts/setup."""
import os
import re
import shutil
import struct
import subprocess
import unittest

from fairlua_cli import ROOT, run, tempdir

SCRIPT = """
local out = arg[1]
local train, test = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train = scale:transform(train):sample{n = 4000, seed = 1}
test = scale:transform(test):sample{n = 4000, seed = 2}
local model = nn.LogisticRegression():fit(train)
fair.detect(model, train, test, {metrics = {"selection_rate", "tpr", "fpr"}, ci = 20}):html(out .. "/detect.html")
fair.mitigate(model, train, test, {method = "reweighing"}):html(out .. "/mitigate.html")
-- groups below min_group_size: hollow bars, dotted curves, labelled in the legend
fair.detect(model, train, test, {metrics = {"selection_rate", "tpr"}, ci = 0, min_group_size = 300}):html(out .. "/detect_small.html")
local check = fair.check(model, test, {sensitive = "race", privileged = "White"})
check:html(out .. "/check.html")
check:plot(out .. "/check.svg")
check:plot(out .. "/check_heatmap.svg", {kind = "heatmap"})
local disparities = fair.disparities(model, test, {sensitive = "race", reference = "min_metric"})
report.html(disparities, out .. "/disparities.html")
disparities:plot(out .. "/disparities.svg")
-- counts stay in the report's table; its chart draws the rates only
local mf = fair.MetricFrame{metrics = {"selection_rate", "tpr", "count"}, y_true = test:labels(), y_pred = model:predict(test), sensitive = test:sensitive("race")}
report.html(mf, out .. "/frame.html")
mf:plot(out .. "/frame.svg")
local scores = model:predict_proba(test)
plot.roc{path = out .. "/roc.svg", y_true = test:labels(), y_score = scores, sensitive = test:sensitive("sex")}
plot.calibration{path = out .. "/calibration.svg", y_true = test:labels(), y_score = scores, sensitive = test:sensitive("sex")}
fair.post.ThresholdOptimizer{}:fit(model:predict_proba(train), train:labels(), train:sensitive("sex")):plot(out .. "/thresholds.svg")
fair.post.ThresholdOptimizer{constraint = "equalized_odds"}:fit(model:predict_proba(train), train:labels(), train:sensitive("sex")):plot(out .. "/thresholds_eo.svg")
explain.permutation_importance(model, test, {repeats = 1, features = {"age", "marital-status"}}):plot(out .. "/importance.svg")
explain.partial_dependence(model, test, "age", {grid_resolution = 10, kind = "both"}):plot(out .. "/pd.svg")
local sweep = fair.sweep{train = train, test = test, methods = {"baseline", "reweighing", "threshold_optimizer"}}
sweep:plot(out .. "/sweep.svg")
sweep:html(out .. "/sweep.html")
nn.DecisionTree{max_depth = 3}:fit(train):plot(out .. "/tree.svg")
local shap = explain.shap(nn.GradientBoosting{n_estimators = 10, num_leaves = 8}:fit(train), test, {by_group = "race"})
shap:plot(out .. "/shap.svg")
report.html(shap, out .. "/shap.html")
plot.bars{path = out .. "/bars.svg", title = "Bars", categories = {"Amer-Indian-Eskimo", "Asian-Pac-Islander", "Black", "Other", "White"},
          series = {{name = "a", values = {0.1, 0.2, 0.3, 0.4, 0.5}}, {name = "b", values = {0.5, 0.4, 0.3, 0.2, 0.1}}}, y_label = "rate"}
plot.lines{path = out .. "/lines.svg", title = "Lines", series = {{name = "a", x = {0, 0.5, 1}, y = {0, 0.7, 1}}}, x_label = "x", y_label = "y"}
test:with("decision", model:predict(test)):to_csv(out .. "/decisions.csv")
-- any result with a report: Clarify's post-training measures and a regressor's fairness
report.html(fair.clarify.posttraining(model:predict(test), test, {facet = "sex", facet_values_or_threshold = {"Female"}}), out .. "/clarify.html")
report.html(fair.regression{y_true = test:labels(), y_pred = scores, sensitive = test:sensitive("race"), permutations = 20, seed = 1}, out .. "/regression.html")
local mlp = nn.Sequential{nn.Dense(8, {activation = "relu"}), nn.Dense(1)}
nn.Trainer(mlp, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}}):fit(train, {epochs = 1, batch_size = 256, seed = 1})
explain.robustness(mlp, test, {attack = nn.attack.FGSM{eps = 0.1}}):html(out .. "/robustness.html")
local T = data.transforms
local digits = arg[2]
local images = data.ImageFolderDataset(digits .. "train", {transform = T.ToTensor(), groups = "groups.csv"})
local net = nn.Sequential():add(nn.Flatten(), nn.Dense(10))
nn.Trainer(net, {loss = nn.loss.SoftmaxCrossEntropy(), optimizer = optim.Adam{lr = 1e-2}}):fit(images, {epochs = 1, batch_size = 64, seed = 1})
local test_images = data.ImageFolderDataset(digits .. "test", {transform = T.ToTensor(), groups = "groups.csv"})
fair.detect(net, images, test_images):html(out .. "/images.html")
explain.permutation_importance(net, test_images, {patch = 2}):plot(out .. "/occlusion.svg")
"""


def png_size(path):
    with open(path, "rb") as f:
        header = f.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


# The rendered DOM of a page: pairs of text boxes that overlap (by more than a pixel each way) and texts that
# stick out of their SVG's box, per chart.
LAYOUT = r"""
const out = {overlaps: [], clipped: []};
[...document.querySelectorAll('svg')].forEach((svg, n) => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '').map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom};
  });
  for (const a of texts) {
    if (a.l < box.left - 0.5 || a.t < box.top - 0.5 || a.r > box.right + 0.5 || a.b > box.bottom + 0.5) out.clipped.push([n, a.text]);
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i], b = texts[j];
    if (Math.min(a.r, b.r) - Math.max(a.l, b.l) > 1 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 1) out.overlaps.push([n, a.text, b.text]);
  }
});
return out;
"""


def selenium_driver():
    """Headless Chromium driven by Selenium (Debian's python3-selenium and chromium-driver), or None."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    if not shutil.which("chromedriver"):
        return None
    options = Options()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


@unittest.skipUnless(shutil.which("chromium") and shutil.which("xmllint"), "chromium and xmllint come from scripts/setup")
class RenderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempdir()
        d = cls.d = cls.dir.name
        script = os.path.join(d, "make.lua")
        with open(script, "w") as f:
            f.write(SCRIPT)
        cls.made = run("--quiet", script, d, os.path.join(ROOT, "Tests", "fixtures", "digits") + "/")
        cls.audited = run("audit", os.path.join(d, "decisions.csv"), "--label", "income", "--positive", ">50K,>50K.",
                          "--prediction", "decision", "--sensitive", "race", "--out", os.path.join(d, "audit.html"))
        cls.svgs = sorted(n for n in os.listdir(d) if n.endswith(".svg"))
        cls.pages = sorted(n for n in os.listdir(d) if n.endswith(".html")) + cls.svgs

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_reports_and_charts_render(self):
        d = self.d
        self.assertEqual((self.made[0], self.made[2]), (0, ""))
        self.assertEqual((self.audited[0], self.audited[2]), (0, ""))
        self.assertEqual(self.svgs, ["bars.svg", "calibration.svg", "check.svg", "check_heatmap.svg", "disparities.svg", "frame.svg",
                                     "importance.svg", "lines.svg", "occlusion.svg", "pd.svg", "roc.svg", "shap.svg", "sweep.svg", "thresholds.svg",
                                     "thresholds_eo.svg", "tree.svg"])
        self.assertEqual(sorted(n for n in os.listdir(d) if n.endswith(".html")),
                         ["audit.html", "check.html", "clarify.html", "detect.html", "detect_small.html", "disparities.html", "frame.html", "images.html",
                          "mitigate.html", "regression.html", "robustness.html", "shap.html", "sweep.html"])
        with open(os.path.join(d, "frame.html")) as f:
            frame = f.read()
        chart = frame[frame.index("<svg"):frame.index("</svg>")]
        self.assertNotIn(">count<", chart)          # the rates' axis holds no count
        self.assertIn(">tpr<", chart)
        self.assertIn(">count</th>", frame)
        self.check_changed_charts()
        for name in self.svgs:
            lint = subprocess.run(["xmllint", "--noout", os.path.join(d, name)], capture_output=True, text=True)
            self.assertEqual(lint.returncode, 0, name + lint.stderr)
        shots = os.path.join(ROOT, ".build", "render")     # the screenshots, for a person to look at
        os.makedirs(shots, exist_ok=True)
        for name in self.pages:
            png = os.path.join(shots, name + ".png")
            if os.path.exists(png):
                os.remove(png)
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            f"--screenshot={png}", "--window-size=1000,1400", "file://" + os.path.join(d, name)],
                           capture_output=True, timeout=120)
            self.assertTrue(os.path.exists(png), name)
            self.assertEqual(png_size(png), (1000, 1400), name)
            # A blank page compresses to a few kilobytes; a rendered report or chart does not.
            self.assertGreater(os.path.getsize(png), 15000, name)

    def read(self, name):
        with open(os.path.join(self.d, name)) as f:
            return f.read()

    def check_changed_charts(self):
        # ROC curves keep at most ~500 vertices per group, coordinates at 0.01 px; the chance line is a grey dash.
        roc = self.read("roc.svg")
        self.assertLess(len(roc), 30000)
        for path in re.findall(r'<path d="([^"]*)"', roc):
            self.assertLessEqual(path.count("L") + 1, 500)
        self.assertIsNone(re.search(r'\d\.\d{3}', roc), "a coordinate with more than two decimals")
        self.assertRegex(roc, r'stroke="#888" stroke-width="1.5" stroke-dasharray="6 4" fill="none"><title>chance</title>')
        self.assertLess(len(self.read("detect.html")), 200000)
        # Small groups: hollow bars and a labelled swatch in the frame chart, dotted and labelled ROC curves.
        small = self.read("detect_small.html")
        self.assertIn('fill="white" stroke=', small)
        self.assertIn(">small group</text>", small)
        self.assertRegex(small, r"\(n = \d+, small\)")
        # Equalized odds: every group's plotted point is the one its randomized decisions reach, the same for all.
        points = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', self.read("thresholds_eo.svg"))
        self.assertEqual(len(points), 2)
        self.assertLess(abs(float(points[0][0]) - float(points[1][0])), 0.02)
        self.assertLess(abs(float(points[0][1]) - float(points[1][1])), 0.02)
        # The sweep's baseline is drawn last, over every other point, and grey dashes cross at it.
        sweep = self.read("sweep.svg")
        self.assertIn("<title>baseline: (", sweep.split("<circle")[-1])
        self.assertIn("<title>baseline level</title>", sweep)

    def test_no_text_overlaps_or_is_clipped_and_no_console_errors(self):
        driver = selenium_driver()
        if driver is None:
            self.skipTest("python3-selenium and chromium-driver come from scripts/setup")
        try:
            for name in self.pages:
                driver.get("file://" + os.path.join(self.d, name))
                layout = driver.execute_script(LAYOUT)
                self.assertEqual(layout["overlaps"], [], name)
                self.assertEqual(layout["clipped"], [], name)
                self.assertEqual([e for e in driver.get_log("browser") if e["level"] == "SEVERE"], [], name)
        finally:
            driver.quit()


class BadOutputPathTest(unittest.TestCase):
    def test_missing_directory_is_an_error_before_work(self):
        code, _, err = run("-e", "report.html(fair.MetricFrame{metrics = 'tpr', y_true = {1, 0}, y_pred = {1, 0}, "
                                 "sensitive = {'a', 'b'}}, '/nonexistent-dir/x.html')")
        self.assertEqual(code, 1)
        self.assertIn("the directory /nonexistent-dir does not exist", err)
