#!/usr/bin/env python3
"""A FairLua audit of a decision log on Apache Spark: each partition's rows stream as CSV through
`fairlua audit - --header … --emit-state` on its executor, the small states merge in a tree (`treeReduce`
calling `fairlua merge --emit-state`), and the driver renders the report. The report equals `fairlua audit`
on the same rows in one file, bootstrap intervals included (README, "Sharded audits").

As a module:
    from fairlua_audit import audit
    report = audit(spark, "hdfs:///logs/decisions/", label="y", prediction="decision", sensitive=["sex", "race"],
                   bootstrap=200, out="audit.html")          # a DataFrame works too

As a script (spark-submit; see README, "Audits on Apache Spark"):
    spark-submit --files fairlua fairlua_audit.py DATA --label y --prediction decision --sensitive sex,race \
        [--score s] [--weight w] [--bootstrap B] [--seed N] [--format json|html|text|markdown] [--out PATH]

The executors need the fairlua binary (shipped here with SparkContext.addFile, so build it with
`swift build -c release --static-swift-stdlib`) and the shared libraries it links (Debian: liblua5.4-0,
libedit2, libpng16-16, libjpeg62-turbo, zlib1g; `ldd fairlua` lists them).
"""
import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = "fairlua"

# audit() keyword → fairlua audit flag (values joined with commas when lists).
FLAGS = {"label": "--label", "prediction": "--prediction", "sensitive": "--sensitive", "score": "--score",
         "weight": "--weight", "positive": "--positive", "prediction_positive": "--prediction-positive",
         "threshold": "--threshold", "privileged": "--privileged", "metrics": "--metrics", "buckets": "--buckets",
         "bootstrap": "--bootstrap", "level": "--level", "seed": "--seed", "source": "--source"}


def audit_flags(options):
    """The fairlua audit flags for the keyword options (None values left out)."""
    unknown = sorted(set(options) - set(FLAGS))
    if unknown:
        raise TypeError(f"audit: unknown option(s) {', '.join(unknown)}; options are: {', '.join(sorted(FLAGS))}")
    flags = []
    for key, value in options.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(map(str, value))
        flags += [FLAGS[key], str(value)]
    return flags


def _run(binary, args, stdin=None):
    """Runs fairlua; its standard output, or a RuntimeError with its message."""
    p = subprocess.run([binary, *args], input=stdin, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(f"fairlua {args[0]} failed: {p.stderr.decode(errors='replace').strip()}")
    return p.stdout


def _executor_binary(name):
    """The shipped binary called `name` in this executor's SparkFiles directory (made executable)."""
    from pyspark import SparkFiles
    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def _partition_state(name, columns, flags):
    """A mapPartitions function: the partition's rows as headerless CSV into `fairlua audit -`, one state out."""
    def run(rows):
        p = subprocess.Popen([_executor_binary(name), "audit", "-", "--header", ",".join(columns), *flags, "--emit-state"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        text = io.TextIOWrapper(p.stdin, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\n")
        try:
            writer.writerows(rows)                 # Rows are tuples; csv writes None as an empty field
            text.close()
        except BrokenPipeError:
            pass                                   # fairlua stopped early: its message follows
        state, err = p.stdout.read(), p.stderr.read()
        if p.wait() != 0:
            raise RuntimeError(f"fairlua audit failed on a partition: {err.decode(errors='replace').strip()}")
        yield state
    return run


def _merge_states(name):
    """treeReduce's function: two states merged by fairlua merge --emit-state on the executor."""
    def merge(a, b):
        with tempfile.TemporaryDirectory(prefix="fairlua-merge-") as d:
            paths = [os.path.join(d, "a.json"), os.path.join(d, "b.json")]
            for path, state in zip(paths, (a, b)):
                with open(path, "wb") as f:
                    f.write(state)
            return _run(_executor_binary(name), ["merge", *paths, "--emit-state"])
    return merge


def _as_strings(df):
    """The DataFrame with every column as a string (CSV read without a schema already is)."""
    from pyspark.sql import functions as F
    return df.select([F.col(f"`{c}`").cast("string").alias(c) for c in df.columns])


def read(spark, path, fmt=None, **options):
    """The data at `path` as Spark reads it: CSV with a header (every column a string), Parquet or JSON."""
    fmt = fmt or ("parquet" if path.rstrip("/").endswith(".parquet") else "json" if path.endswith((".json", ".jsonl")) else "csv")
    reader = spark.read.format(fmt)
    if fmt == "csv":
        reader = reader.option("header", True).option("inferSchema", False)
    for k, v in options.items():
        reader = reader.option(k, v)
    return reader.load(path)


def audit(spark, data, binary=None, format="json", out=None, depth=2, **options):
    """Audits `data` (a DataFrame, or a path Spark can read) and returns the JSON report as a dict; with `out`
    also writes the report in `format` (json, html, markdown or text) there. `options` are fairlua audit's:
    label, prediction, sensitive, score, weight, positive, prediction_positive, threshold, privileged, metrics,
    buckets, bootstrap, level, seed, source."""
    binary = binary or shutil.which(BINARY) or os.path.join(os.getcwd(), BINARY)
    if not os.access(binary, os.X_OK):
        raise FileNotFoundError(f"the fairlua binary was not found (give binary=PATH): {binary}")
    if isinstance(data, str):
        options.setdefault("source", data)
        data = read(spark, data)
    flags = audit_flags(options)
    sc = spark.sparkContext
    name = os.path.basename(binary)
    shipped = {os.path.basename(f) for f in sc.listFiles}
    if name not in shipped:
        sc.addFile(binary)
    if os.path.basename(__file__) not in shipped:
        sc.addPyFile(os.path.abspath(__file__))          # the executors unpickle this module's functions
    df = _as_strings(data)
    state = df.rdd.mapPartitions(_partition_state(name, df.columns, flags)).treeReduce(_merge_states(name), depth=depth)
    with tempfile.TemporaryDirectory(prefix="fairlua-audit-") as d:
        merged = os.path.join(d, "merged.json")
        with open(merged, "wb") as f:
            f.write(state)
        report = json.loads(_run(binary, ["merge", merged, "--format", "json"]))
        if out:
            _run(binary, ["merge", merged, "--format", format, "--out", out])
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Audit a decision log on Spark with FairLua.")
    parser.add_argument("data", help="a path Spark can read (CSV with a header, Parquet, JSON)")
    for key, flag in FLAGS.items():
        parser.add_argument(flag, dest=key)
    parser.add_argument("--binary", help="the fairlua binary (default: on PATH, or ./fairlua)")
    parser.add_argument("--format", default="json", choices=["json", "html", "markdown", "text"])
    parser.add_argument("--out", help="write the report there (default: print the JSON report)")
    args = vars(parser.parse_args(argv))
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.appName("fairlua-audit").getOrCreate()
    data, binary, fmt, out = args.pop("data"), args.pop("binary"), args.pop("format"), args.pop("out")
    report = audit(spark, data, binary=binary, format=fmt, out=out, **args)
    if not out:
        json.dump(report, sys.stdout, indent=2, sort_keys=True)
        print()
    spark.stop()


if __name__ == "__main__":
    main()
