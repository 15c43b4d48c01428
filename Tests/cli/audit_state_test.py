"""fairlua audit --emit-state and fairlua merge: any sharding of a file merges to the single-pass report exactly."""
import json
import os
import random
import subprocess
import sys
import unittest

from fairlua_cli import BIN, ROOT, run, tempdir, write

ADULT = os.path.join(ROOT, "Tests", "reference", "adult_predictions.csv")
AUDIT = ("--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex,race", "--score", "score", "--weight", "weight",
         "--bootstrap", "25", "--seed", "3", "--privileged", "Male|White")


def lines(path):
    with open(path) as f:
        return f.read().splitlines(keepends=True)


class AuditStateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.header, *cls.rows = lines(ADULT)
        code, cls.single, err = run("audit", ADULT, *AUDIT, "--format", "json")
        assert code == 0, err

    def shard_states(self, d, shards, stdin=True):
        """The state of each shard (a list of lines), each read from standard input or from a file."""
        paths = []
        for k, shard in enumerate(shards):
            out = os.path.join(d, f"s{k}.json")
            if stdin:
                code, _, err = run("audit", "-", *AUDIT, "--source", ADULT, "--emit-state", "--out", out, stdin=self.header + "".join(shard))
            else:
                csv = write(d, f"s{k}.csv", self.header + "".join(shard))
                code, _, err = run("audit", csv, *AUDIT, "--source", ADULT, "--emit-state", "--out", out)
            self.assertEqual((code, err), (0, ""))
            paths.append(out)
        return paths

    def test_any_sharding_merges_to_the_single_pass_report(self):
        rng = random.Random(5)
        with tempdir() as d:
            for k in (1, 2, 3, 7):
                rows = self.rows[:]
                rng.shuffle(rows)
                cuts = sorted(rng.sample(range(1, len(rows)), k - 1))          # uneven shards
                shards = [rows[a:b] for a, b in zip([0] + cuts, cuts + [len(rows)])]
                paths = self.shard_states(d, shards, stdin=k != 3)
                rng.shuffle(paths)
                code, merged, err = run("merge", *paths, "--format", "json")
                self.assertEqual((code, err), (0, ""))
                self.assertEqual(merged, self.single, f"k = {k}")
                self.assertIn("intervals", json.loads(merged))

    def test_merge_tree_text_and_markdown(self):
        with tempdir() as d:
            a, b, c = self.shard_states(d, [self.rows[:5000], self.rows[5000:11000], self.rows[11000:]])
            ab = os.path.join(d, "ab.json")
            self.assertEqual(run("merge", a, b, "--emit-state", "--out", ab)[0], 0)
            for fmt in ("text", "markdown"):
                code, out, err = run("merge", ab, c, "--format", fmt)
                self.assertEqual((code, err, out), (0, "", run("audit", ADULT, *AUDIT, "--format", fmt)[1]))

    def test_merge_adds_the_check_and_clarify_as_audit_does(self):
        """merge --check --clarify of shards equals audit --check --clarify of the whole file, in JSON and text."""
        with tempdir() as d:
            paths = self.shard_states(d, [self.rows[:7000], self.rows[7000:]])
            for fmt in ("json", "text"):
                code, merged, err = run("merge", *paths, "--check", "--clarify", "--format", fmt)
                self.assertEqual((code, err), (0, ""))
                self.assertEqual(merged, run("audit", ADULT, *AUDIT, "--check", "--clarify", "--format", fmt)[1])
            clarify = json.loads(run("merge", *paths, "--clarify", "--format", "json")[1])["clarify"]
            self.assertEqual([(c["facet"], c["stage"]) for c in clarify],
                             [("sex", "pre_training"), ("sex", "post_training"), ("race", "pre_training"), ("race", "post_training")])
            code, _, err = run("merge", *paths, "--clarify", "--emit-state")
            self.assertEqual(code, 2)
            self.assertIn("--clarify makes a report", err)

    def test_merge_sets_the_privileged_group(self):
        """merge --privileged overrides the states' own, as audit --privileged would have set it."""
        with tempdir() as d:
            paths = self.shard_states(d, [self.rows[:7000], self.rows[7000:]])
            other = [a if a != "Male|White" else "Female|Black" for a in AUDIT]
            for fmt in ("json", "text"):
                code, merged, err = run("merge", *paths, "--privileged", "Female|Black", "--check", "--format", fmt)
                self.assertEqual((code, err), (0, ""))
                self.assertEqual(merged, run("audit", ADULT, *other, "--check", "--format", fmt)[1])
                self.assertNotEqual(merged, run("merge", *paths, "--check", "--format", fmt)[1])

    def test_headerless_stream_with_header_option(self):
        with tempdir() as d:
            out = os.path.join(d, "s.json")
            code, _, err = run("audit", "-", *AUDIT, "--header", self.header.strip(), "--source", ADULT, "--emit-state", "--out", out,
                               stdin="".join(self.rows))
            self.assertEqual((code, err), (0, ""))
            self.assertEqual(run("merge", out, "--format", "json")[1], self.single)
            # a stream that has a header line after all
            code, _, err = run("audit", "-", *AUDIT, "--header", self.header.strip(), "--emit-state", stdin=self.header + "".join(self.rows[:9]))
            self.assertEqual((code, err), (1, "fairlua: -:1: the data starts with a header line although --header gave the names (drop one of them)\n"))

    def test_bad_merges_are_clear_errors(self):
        with tempdir() as d:
            (a,) = self.shard_states(d, [self.rows[:100]])
            self.assertEqual(run("merge")[0:3:2], (1, "fairlua: merge: no audit states given (give one or more state files)\n"))
            with open(a) as f:
                text = f.read()
            truncated = write(d, "t.json", text[: len(text) // 3])
            self.assertEqual(run("merge", a, truncated)[2], f"fairlua: {truncated}: not a FairLua audit state (the JSON is truncated or invalid)\n")
            other = write(d, "v.json", text.replace('"version":1', '"version":9'))
            self.assertEqual(run("merge", other)[2], f"fairlua: {other}: audit state version 9; this FairLua reads version 1\n")
            buckets = os.path.join(d, "b.json")
            run("audit", "-", *AUDIT, "--buckets", "10", "--emit-state", "--out", buckets, stdin=self.header + "".join(self.rows[:50]))
            self.assertEqual(run("merge", a, buckets)[2], "fairlua: cannot merge audit states made with different bucket count: 1000 vs 10\n")
            # a partition whose columns come in another order
            names = self.header.strip().split(",")
            swapped = ",".join([names[1], names[0]] + names[2:]) + "\n"
            body = "".join(",".join([r.split(",")[1], r.split(",")[0]] + r.split(",")[2:]) for r in self.rows[:50])
            moved = os.path.join(d, "m.json")
            self.assertEqual(run("audit", "-", *AUDIT, "--emit-state", "--out", moved, stdin=swapped + body)[0], 0)
            code, _, err = run("merge", a, moved)
            self.assertEqual(code, 1)
            self.assertIn("cannot merge audit states of data with different headers: y_true,y_pred,", err)

    def test_committed_fixture_states_are_current(self):
        """Tests/fixtures/audit/*.state.json (read by Tests/lua/audit_state_test.lua) are what this build writes."""
        folder = os.path.join(ROOT, "Tests", "fixtures", "audit")
        head, *rows = lines(os.path.join(folder, "decisions.csv"))
        for k, shard in ((1, rows[:30]), (2, rows[30:])):
            code, out, err = run("audit", "-", "--label", "y", "--prediction", "p", "--sensitive", "sex", "--score", "score",
                                 "--bootstrap", "20", "--metrics", "selection_rate,tpr,fpr", "--source", "decisions.csv",
                                 "--emit-state", stdin=head + "".join(shard))
            with open(os.path.join(folder, f"decisions_{k}.state.json")) as f:
                self.assertEqual((code, err, out), (0, "", f.read()))

    def test_a_long_field_the_audit_does_not_read_costs_no_memory(self):
        """A 12 MB field outside the audited columns, or a 12 MB line of one field, does not grow the read buffer
        (it used to grow to the record's size, rounded up to a power of two): peak RSS stays within 6 MB of an
        audit of a small file, the report counts the row, and the short line is the usual error. Peak RSS is
        read by a fresh, small python (a child's peak includes what its parent held before exec)."""
        measure = ("import os, subprocess, sys\n"
                   "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
                   "_, status, usage = os.wait4(p.pid, 0)\n"
                   "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024)\n")

        def peak(path, code=0):
            out = subprocess.run([sys.executable, "-c", measure, BIN, "audit", path, "--label", "y", "--prediction", "p",
                                  "--sensitive", "g", "--format", "json"], capture_output=True, text=True, check=True).stdout.split()
            self.assertEqual(out[0], str(code))
            return float(out[1])
        with tempdir() as d:
            small = write(d, "small.csv", "y,p,g,note\n1,1,a,x\n0,0,b,x\n1,0,a,x\n")
            long = write(d, "long.csv", "y,p,g,note\n1,1,a,x\n0,0,b," + "x" * (12 << 20) + "\n1,0,a,x\n")
            single = write(d, "single.csv", "y,p,g,note\n1,1,a,x\n" + "x" * (12 << 20) + "\n1,0,a,x\n")
            base = peak(small)
            self.assertLess(peak(long) - base, 6)
            self.assertLess(peak(single, code=1) - base, 6)
            code, out, err = run("audit", long, "--label", "y", "--prediction", "p", "--sensitive", "g", "--format", "json")
            self.assertEqual((code, err), (0, ""))
            self.assertEqual(json.loads(out)["n"], 3)
            # a one-field line of 12 MB is a short record; a 12 MB value in an audited column is refused
            self.assertEqual(run("audit", single, "--label", "y", "--prediction", "p", "--sensitive", "g")[::2],
                             (1, f"fairlua: {single}:3: expected 4 fields, found 1\n"))
            huge = write(d, "huge.csv", "y,p,g,note\n1,1,a,x\n0,0," + "g" * (12 << 20) + ",x\n")
            self.assertEqual(run("audit", huge, "--label", "y", "--prediction", "p", "--sensitive", "g")[::2],
                             (1, f"fairlua: {huge}:3: column 'g' holds a value longer than 256 KiB\n"))

if __name__ == "__main__":
    unittest.main()
