"""scripts/spark/fairlua_audit.py in Spark local[2]: a 1-million-row CSV audited partition by partition on Spark
gives the same JSON report as `fairlua audit` on the file. pyspark 4.x from PyPI is installed once into a venv
under .build/ (beside the binary's build folder); Java 17 comes from scripts/setup (openjdk-17-jre-headless)."""
import json
import os
import random
import shutil
import subprocess
import sys
import unittest

from fairlua_cli import BIN, ROOT, run, tempdir

AUDIT = {"label": "y", "prediction": "p", "sensitive": ["sex", "race"], "score": "score", "bootstrap": 10, "seed": 11,
         "metrics": ["selection_rate", "tpr", "fpr", "accuracy"]}
FLAGS = ["--label", "y", "--prediction", "p", "--sensitive", "sex,race", "--score", "score", "--bootstrap", "10", "--seed", "11",
         "--metrics", "selection_rate,tpr,fpr,accuracy"]

DRIVER = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pyspark.sql import SparkSession
from fairlua_audit import audit
spark = (SparkSession.builder.master("local[2]").appName("fairlua-test")
         .config("spark.sql.files.maxPartitionBytes", "4m").config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
path, binary, out = sys.argv[2], sys.argv[3], sys.argv[4]
options = json.loads(sys.argv[5])
partitions = spark.read.option("header", True).csv(path).rdd.getNumPartitions()
report = audit(spark, path, binary=binary, format="html", out=out, **options)
print(json.dumps({"partitions": partitions, "report": report}))
spark.stop()
"""


def build_folder():
    """The .build folder that holds the binary under test (else the checkout's)."""
    d = os.path.dirname(os.path.abspath(BIN))
    while d != os.path.dirname(d):
        if os.path.basename(d) == ".build":
            return d
        d = os.path.dirname(d)
    return os.path.join(ROOT, ".build")


def spark_python():
    """The venv's python with pyspark 4.x, created once; None with the reason when it cannot be had."""
    venv = os.path.join(build_folder(), "spark-venv")
    python = os.path.join(venv, "bin", "python")
    probe = [python, "-c", "import pyspark; assert pyspark.__version__.startswith('4.')"]
    if os.path.exists(python) and subprocess.run(probe, capture_output=True).returncode == 0:
        return python, None
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    p = subprocess.run([python, "-m", "pip", "install", "-q", "pyspark>=4,<5"], capture_output=True, text=True)
    if p.returncode != 0:
        return None, "pip could not install pyspark 4.x: " + p.stderr.strip()[-300:]
    return python, None


def decision_log(path, n):
    """n rows: id, label, decision, score (3 decimals), sex, race, written as a CSV file."""
    rng = random.Random(1)
    sexes, races = ["F", "M"], ["a", "b", "c", "d"]
    with open(path, "w") as f:
        f.write("id,y,p,score,sex,race\n")
        for i in range(n):
            s = rng.randrange(1001) / 1000
            f.write(f"{i},{int(rng.random() < s)},{int(s >= 0.5)},{s},{sexes[rng.randrange(2)]},{races[rng.randrange(4)]}\n")


class SparkAuditTest(unittest.TestCase):
    def test_spark_local_audit_equals_the_single_file_audit(self):
        if shutil.which("java") is None:
            self.skipTest("needs java (openjdk-17-jre-headless, installed by scripts/setup)")
        python, reason = spark_python()
        if python is None:
            self.skipTest(reason)
        with tempdir() as d:
            data = os.path.join(d, "decisions.csv")
            decision_log(data, 1_000_000)
            code, single, err = run("audit", data, *FLAGS, "--format", "json")
            self.assertEqual((code, err), (0, ""))
            html = os.path.join(d, "audit.html")
            p = subprocess.run([python, "-c", DRIVER, os.path.join(ROOT, "scripts", "spark"), data, os.path.abspath(BIN), html,
                                json.dumps(AUDIT)], capture_output=True, text=True, timeout=600)
            self.assertEqual(p.returncode, 0, p.stderr[-3000:])
            result = json.loads(p.stdout.strip().splitlines()[-1])
            self.assertGreaterEqual(result["partitions"], 4)
            self.assertEqual(result["report"], json.loads(single))
            self.assertEqual(result["report"]["n"], 1_000_000)
            with open(html) as f:
                self.assertIn("Fairness audit of " + data, f.read())


if __name__ == "__main__":
    unittest.main()
