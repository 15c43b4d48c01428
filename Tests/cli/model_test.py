"""The model lifecycle across processes: fit and save in one, load and score in a fresh one, audit with --model."""
import csv
import json
import os
import unittest

from fairlua_cli import run, write, tempdir

FIT = """
local dir = arg[1]
local train, test = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
tensor.seed(1)
local net = nn.Sequential{nn.Dense(8, {activation = "relu"}), nn.Dense(1)}
nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}})
  :fit(scale:transform(train), {epochs = 1, batch_size = 512, seed = 1})
local lr = nn.LogisticRegression{}:fit(train)
net:save(dir .. "/net.safetensors")
lr:save(dir .. "/lr.safetensors")
local post = fair.post.ThresholdOptimizer{constraint = "demographic_parity"}:fit(lr:predict_proba(train), train:labels(), train:sensitive())
post = post:model(lr)                          -- the rules by sex applied to the regression's scores: one model file
post:save(dir .. "/post.safetensors")
local private
for k, level in ipairs(test:column("workclass"):levels()) do if level == "Private" then private = k end end
local subset = test:filter(test:column("workclass"):codes():ne(private))
test:to_csv(dir .. "/test.csv")
subset:to_csv(dir .. "/subset.csv")
for name, model in pairs{net = net, lr = lr, post = post} do
  for part, ds in pairs{test = test, subset = subset} do
    local x = name == "net" and scale:transform(ds) or ds
    ds:with("prediction", model:predict(x)):with("score", model:predict_proba(x)):to_csv(dir .. "/" .. name .. "_" .. part .. ".csv")
  end
end
"""

SCORE = """
local dir, name, part = arg[1], arg[2], arg[3]
local model = nn.load(dir .. "/" .. name .. ".safetensors")
local ds = data.csv(dir .. "/" .. part .. ".csv", {label = "income", positive = {">50K", ">50K."}, sensitive = {"sex", "race"}})
ds:with("prediction", model:predict(ds)):with("score", model:predict_proba(ds)):to_csv(dir .. "/fresh_" .. name .. "_" .. part .. ".csv")
"""


def columns(path, *names):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [[row[n] for row in rows] for n in names]


class ModelLifecycleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir_handle = tempdir()
        cls.dir = cls.dir_handle.name
        code, _, err = run(write(cls.dir, "fit.lua", FIT), cls.dir)
        assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.dir_handle.cleanup()

    def test_a_fresh_process_predicts_exactly_what_the_fitting_one_did(self):
        score = write(self.dir, "score.lua", SCORE)
        for name in ("net", "lr", "post"):
            for part in ("test", "subset"):
                code, _, err = run(score, self.dir, name, part)
                self.assertEqual((code, err), (0, ""))
                fresh = columns(os.path.join(self.dir, f"fresh_{name}_{part}.csv"), "prediction", "score")
                before = columns(os.path.join(self.dir, f"{name}_{part}.csv"), "prediction", "score")
                self.assertEqual(fresh, before, f"{name} on {part}")
                self.assertGreater(len(fresh[0]), 1000)
        self.assertNotIn("Private", columns(os.path.join(self.dir, "subset.csv"), "workclass")[0])

    def audit(self, *args):
        code, out, err = run("audit", *args, "--label", "income", "--sensitive", "sex", "--format", "json")
        self.assertEqual((code, err), (0, ""))
        doc = json.loads(out)
        del doc["file"]
        return doc

    def test_audit_with_a_model_equals_the_audit_of_the_exported_predictions(self):
        for name in ("net", "lr", "post"):
            model = os.path.join(self.dir, f"{name}.safetensors")
            scored = self.audit(os.path.join(self.dir, "test.csv"), "--model", model, "--positive", ">50K.")
            exported = self.audit(os.path.join(self.dir, f"{name}_test.csv"), "--prediction", "prediction", "--score", "score",
                                  "--positive", ">50K.,1")
            self.assertEqual(scored, exported)
            self.assertEqual(scored["n"], 15060)

    def test_audit_model_warns_about_unseen_levels_and_names_missing_columns(self):
        with open(os.path.join(self.dir, "test.csv")) as f:
            lines = f.read().splitlines()
        lines[1] = lines[1].replace("United-States", "Atlantis")
        new = write(self.dir, "atlantis.csv", "\n".join(lines) + "\n")
        model = os.path.join(self.dir, "lr.safetensors")
        code, out, err = run("audit", new, "--model", model, "--label", "income", "--sensitive", "sex", "--positive", ">50K.")
        self.assertEqual(code, 0)
        self.assertEqual(err, "warning: levels unseen when the schema was fitted encode as all zeros: native-country ('Atlantis')\n")
        dropped = write(self.dir, "dropped.csv", "\n".join(",".join(line.split(",")[1:]) for line in lines) + "\n")
        code, _, err = run("audit", dropped, "--model", model, "--label", "income", "--sensitive", "sex", "--positive", ">50K.")
        self.assertEqual(code, 1)
        self.assertIn("the data lacks column 'age' of the schema; expected columns: age, workclass,", err)
        self.assertIn("found: workclass, fnlwgt,", err)
        code, _, err = run("audit", new, "--model", model, "--prediction", "p", "--label", "income", "--sensitive", "sex")
        self.assertEqual(code, 2)
        self.assertIn("give either --prediction COL or --model MODEL", err)
        bad = write(self.dir, "bad.safetensors", "not a model")
        code, _, err = run("audit", new, "--model", bad, "--label", "income", "--sensitive", "sex")
        self.assertEqual(code, 1)
        self.assertIn(f"{bad} is not a valid FairLua model file", err)


if __name__ == "__main__":
    unittest.main()
