"""The fairlua command line: each exit code and message of the README's contract."""
import os
import re
import shutil
import subprocess
import unittest

from fairlua_cli import run, write, tempdir


class RunTest(unittest.TestCase):
    def test_script_sees_arg_and_varargs(self):
        with tempdir() as d:
            s = write(d, "s.lua", "print(arg[0] == ..., arg[1], arg[2], #arg, select('#', ...))")
            code, out, err = run(s, "a", "b")
            self.assertEqual((code, out, err), (0, "false\ta\tb\t2\t2\n", ""))
            code, out, _ = run("run", s, "x")
            self.assertEqual((code, out), (0, "false\tx\tnil\t1\t1\n"))

    def test_script_error_exits_1_with_position_and_traceback(self):
        with tempdir() as d:
            s = write(d, "bad.lua", "local x\n\nprint(x.y)\n")
            code, out, err = run(s)
            self.assertEqual(code, 1)
            self.assertTrue(err.startswith(f"fairlua: {s}:3: attempt to index a nil value (local 'x')\nstack traceback:"), err)

    def test_syntax_error_exits_1(self):
        with tempdir() as d:
            s = write(d, "syn.lua", "x = = 1")
            code, _, err = run(s)
            self.assertEqual((code, err), (1, f"fairlua: {s}:1: unexpected symbol near '='\n"))

    def test_one_liner_and_stdin(self):
        self.assertEqual(run("-e", "print(1 + 1)"), (0, "2\n", ""))
        self.assertEqual(run("-", stdin="print('from stdin')"), (0, "from stdin\n", ""))
        self.assertEqual(run(stdin="print(40 + 2)"), (0, "42\n", ""))

    def test_modules_are_installed_on_first_use(self):
        # Start-up builds no module; the first read of a global installs it, from any coroutine.
        script = ("assert(rawget(_G, 'fair') == nil) assert(fair.MetricFrame and rawget(_G, 'fair') == fair) "
                  "assert(coroutine.wrap(function() return nn.Dense end)()) "
                  "assert(require('fairlua').tensor == tensor and fairlua.data == data) "
                  "assert(nosuch == nil) print('ok')")
        self.assertEqual(run("-e", script), (0, "ok\n", ""))
        # Once every module is in, _G's metatable is gone and fairlua holds them as plain fields.
        every = ("for _, n in ipairs{'json','tensor','autograd','data','nn','optim','fair','explain','report','plot'} do "
                 "assert(_G[n]) end print(getmetatable(_G), rawget(fairlua, 'fair') == fair)")
        self.assertEqual(run("-e", every), (0, "nil\ttrue\n", ""))

    def test_e_error_names_the_command_line(self):
        code, _, err = run("-e", "error('x')")
        self.assertEqual(code, 1)
        self.assertTrue(err.startswith("fairlua: (command line):1: x"), err)

    def test_usage_errors_exit_2(self):
        code, _, err = run("--bogus")
        self.assertEqual(code, 2)
        self.assertIn("Unknown option '--bogus'", err)
        code, _, err = run("missing-file.lua")
        self.assertEqual((code, err), (2, "fairlua: cannot open missing-file.lua: no such file\n"))
        code, _, _ = run("--seed", "notanumber", "-e", "")
        self.assertEqual(code, 2)

    def test_help_and_version(self):
        code, out, _ = run("--help")
        self.assertEqual(code, 0)
        for word in ("run", "repl", "test", "doc"):
            self.assertIn(word, out)
        code, out, _ = run("run", "--help")
        self.assertIn("--seed", out)
        self.assertIn("--plugins", out)
        self.assertEqual(run("--version")[0:2], (0, "0.1.0\n"))

    def test_root_help_lists_the_run_options_and_unknown_help_is_a_usage_error(self):
        code, out, _ = run("--help")
        for flag in ("-e CODE", "-i ", "--plugins DIR", "--seed N", "--quiet", "--sandbox"):
            self.assertIn("\n  " + flag, out)
        self.assertTrue(all(len(line) <= 80 for line in out.split("\n") if not line.startswith("USAGE")), out)
        code, _, err = run("help", "nosuch")
        self.assertEqual(code, 2)
        self.assertRegex(err, r"^fairlua: no command 'nosuch'; commands are: run, repl, audit, .*doc\n$")
        self.assertEqual(run("help", "run")[0], 0)

    def test_sandbox_is_offered_only_where_a_main_script_runs(self):
        self.assertIn("--sandbox", run("run", "--help")[1])
        for command in ("audit", "test", "repl"):
            self.assertNotIn("--sandbox", run(command, "--help")[1], command)
        self.assertEqual(run("test", "--sandbox")[0], 2)

    def test_seed_makes_math_random_reproducible(self):
        a = run("--seed", "7", "-e", "print(math.random(1, 1000000))")
        b = run("--seed", "7", "-e", "print(math.random(1, 1000000))")
        self.assertEqual(a, b)
        self.assertEqual(a[0], 0)

    def test_interactive_after_script(self):
        code, out, _ = run("-i", "-e", "x = 5", stdin="x * 2\n")
        self.assertEqual((code, out), (0, "10\n"))

    def test_sandbox_applies_to_main_script(self):
        code, _, err = run("--sandbox", "-e", "os.execute('true')")
        self.assertEqual(code, 1)
        self.assertIn("attempt to index a nil value (global 'os')", err)
        self.assertEqual(run("--sandbox", "-e", "print(json.encode({1}))")[0:2], (0, "[1]\n"))


class PluginTest(unittest.TestCase):
    def test_plugins_load_from_flag_and_environment(self):
        with tempdir() as d:
            write(d, "p.lua", "print('plugin loaded', type(io), type(json))")
            self.assertEqual(run("--plugins", d, "-e", ""), (0, "plugin loaded\tnil\ttable\n", ""))
            self.assertEqual(run("-e", "", env={"FAIRLUA_PLUGINS": d})[0:2], (0, "plugin loaded\tnil\ttable\n"))

    def test_failing_plugin_names_file_and_line(self):
        with tempdir() as d:
            p = write(d, "broken.lua", "local a = 1\nos.execute('echo pwned')\n")
            code, out, err = run("--plugins", d, "-e", "print('not reached')")
            self.assertEqual((code, out), (1, ""))
            self.assertTrue(err.startswith(f"fairlua: plugin {p}:2: attempt to index a nil value (global 'os')"), err)

    def test_bytecode_plugin_is_refused(self):
        with tempdir() as d:
            p = os.path.join(d, "bin.lua")
            with open(p, "wb") as f:
                f.write(b"\x1bLua\x54\x00")
            code, _, err = run("--plugins", d, "-e", "")
            self.assertEqual(code, 1)
            self.assertIn(f"plugin {p}: attempt to load a binary chunk (mode is 't')", err)

    def test_runaway_plugin_is_stopped(self):
        with tempdir() as d:
            write(d, "loop.lua", "while true do end")
            code, _, err = run("--plugins", d, "-e", "")
            self.assertEqual(code, 1)
            self.assertIn("instruction limit exceeded", err)

    def test_missing_plugin_directory(self):
        code, _, err = run("--plugins", "/no/such/dir", "-e", "")
        self.assertEqual((code, err), (2, "fairlua: plugin directory '/no/such/dir' does not exist\n"))
        self.assertEqual(run("--plugins", "/no/such/dir", "test", "Tests/lua/json_test.lua")[0], 2)

    def test_global_options_before_the_subcommand(self):
        with tempdir() as d:
            script = write(d, "x.lua", "print(math.random(1000), ...)")
            write(d, "p.lua", "fair.metrics.register{name = 'one', per_group = function() return 1 end}")
            csv = write(d, "a.csv", "y,p,g\n1,1,a\n0,0,b\n")
            seeded = run("--seed", "1", "run", script, "a")
            self.assertEqual(seeded, run("--seed", "1", script, "a"))
            self.assertEqual(seeded[0], 0)
            self.assertEqual(run("--quiet", "run", script)[0], 0)
            self.assertEqual(run("--seed", "1", "repl", stdin="math.random(1000)\n")[1], seeded[1].split("\t")[0] + "\n")
            code, out, err = run("--plugins", d, "audit", csv, "--label", "y", "--prediction", "p", "--sensitive", "g",
                                 "--metrics", "one", "--format", "json")
            self.assertEqual((code, err), (0, ""))
            self.assertIn('"one"', out)

    def test_running_a_directory_says_so(self):
        with tempdir() as d:
            self.assertEqual(run("run", d), (2, "", f"fairlua: cannot run {d}: it is a directory\n"))
            self.assertEqual(run(d)[2], f"fairlua: cannot run {d}: it is a directory\n")


class TestCommandTest(unittest.TestCase):
    def test_summary_line_and_exit_status(self):
        with tempdir() as d:
            write(d, "a_test.lua", "test('ok', function() expect_eq(1, 1) end)\n"
                                   "test('bad', function()\n  expect_eq(1, 2)\nend)\n")
            write(d, "ignored.lua", "error('not a test file')")
            code, out, _ = run("test", d)
            self.assertEqual(code, 1)
            self.assertIn(f"{d}/a_test.lua:3: expected 2, got 1", out)
            self.assertTrue(out.endswith("1 passed, 1 failed\n"), out)

    def test_all_passing(self):
        with tempdir() as d:
            f = write(d, "b_test.lua", "test('ok', function() assert(true) end)")
            self.assertEqual(run("test", "--quiet", f), (0, "1 passed, 0 failed\n", ""))

    def test_skip_and_external_data(self):
        with tempdir() as d:
            write(d, "x.csv", "a\n1\n")
            f = write(d, "c_test.lua", "test('by hand', function() skip('not today') end)\n"
                                       "test('data', function() assert(io.open(test_data('x.csv'))) end)\n")
            code, out, _ = run("test", "--quiet", f, env={"FAIRLUA_TEST_DATA": d, "CI": ""})
            self.assertEqual((code, out), (0, f"skipped: {f}: by hand: not today\n1 passed, 0 failed, 1 skipped\n"))
            missing = os.path.join(d, "none")
            code, out, _ = run("test", "--quiet", f, env={"FAIRLUA_TEST_DATA": missing, "CI": ""})
            self.assertEqual(code, 0)
            self.assertIn(f"{f}: data: needs x.csv, not found in {missing}: set FAIRLUA_TEST_DATA=DIR", out)
            self.assertTrue(out.endswith("0 passed, 0 failed, 2 skipped\n"), out)
            code, out, _ = run("test", "--quiet", f, env={"FAIRLUA_TEST_DATA": missing, "CI": "true"})
            self.assertEqual(code, 1)
            self.assertIn(f"{f}:2: needs x.csv, not found in {missing}", out)

    def test_missing_path_is_usage_error(self):
        code, _, err = run("test", "/no/such/test.lua")
        self.assertEqual(code, 2)
        self.assertIn("no such test file or directory", err)


class DocTest(unittest.TestCase):
    def test_luals_definitions(self):
        code, out, _ = run("doc", "--luals")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("---@meta"))
        self.assertIn("---@param value any\n", out)
        self.assertIn("function json.encode(value, opts) end", out)

    def test_luals_definitions_are_lua_and_define_only_real_globals(self):
        code, out, _ = run("doc", "--luals")
        self.assertEqual(code, 0)
        with tempdir() as d:
            path = write(d, "fairlua.d.lua", out)
            check = subprocess.run(["luac5.4", "-p", path] if shutil.which("luac5.4") else
                                   ["lua5.4", "-e", f"assert(loadfile({path!r}))"], capture_output=True, text=True)
            self.assertEqual(check.returncode, 0, check.stderr)
        # every table or function assigned outside a local is a path that exists in a fresh state
        paths = sorted(set(re.findall(r"^(?:function )?([A-Za-z_][\w.]*)(?: = \{\}|\()", out, re.M)))
        self.assertIn("fair.inproc", paths)
        script = "".join(f"assert(type({p}) ~= 'nil', '{p}')\n" for p in paths)
        self.assertEqual(run("-e", script)[0::2], (0, ""))
        self.assertNotRegex(out, r"(?m)^(inproc|pre|post|metrics|metric|test|loss|reg|schedule) = \{\}")

    def test_luals_functions_declare_every_parameter_and_result(self):
        _, out, _ = run("doc", "--luals")
        _, reference, _ = run("doc")
        returning = set(re.findall(r"^(\S+)\(.*\) -> ", reference, re.M))
        for block in out.split("\n\n"):
            match = re.search(r"^function ([\w.:]+)\((.*)\) end$", block, re.M)
            if not match:
                continue
            declared = re.findall(r"^---@param (\S+?)\?? ", block, re.M)
            names = [n for n in match.group(2).split(", ") if n]
            self.assertEqual(declared, names, block)
            self.assertEqual("---@return " in block, match.group(1) in returning, block)

    def test_help_shows_full_paths(self):
        code, out, _ = run("-e", "help(fair.inproc)")
        self.assertEqual(code, 0)
        self.assertIn("fair.inproc.ExponentiatedGradient", out)
        self.assertTrue(out.startswith("fair.inproc\n"), out)

    def test_help_function(self):
        code, out, _ = run("-e", "help(json.decode)")
        self.assertEqual(out, "json.decode(text: string) -> any\n"
                              "  Decodes a JSON text; errors give the byte offset where it is malformed.\n")


if __name__ == "__main__":
    unittest.main()


class AuditTest(unittest.TestCase):
    """fairlua audit on the committed Adult predictions (reference values from Fairlearn / SciPy)."""
    csv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference", "adult_predictions.csv")

    def reference(self):
        import json
        with open(os.path.join(os.path.dirname(self.csv), "fairness_reference.json")) as f:
            return json.load(f)["adult"]

    def test_json_shape_and_values(self):
        import json
        code, out, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex",
                             "--score", "score", "--format", "json")
        self.assertEqual((code, err), (0, ""))
        doc = json.loads(out)
        ref = self.reference()
        self.assertEqual(doc["n"], 15060)
        self.assertEqual([g["group"] for g in doc["groups"]], [{"sex": "Female"}, {"sex": "Male"}])
        for name in ("selection_rate", "tpr", "fpr", "accuracy", "log_loss", "brier"):
            self.assertAlmostEqual(doc["overall"][name], ref["sex"]["overall"][name], places=9)
            self.assertAlmostEqual(doc["difference"][name], ref["sex"]["difference"][name], places=9)
            self.assertAlmostEqual(doc["groups"][0]["metrics"][name], ref["sex"]["by_group"]["Female"][name], places=9)
        chi = doc["tests"][0]
        self.assertAlmostEqual(chi["statistic"], ref["tests_sex"]["chi2_correction"]["statistic"], places=6)
        self.assertEqual(doc["findings"][0]["rule"], "four-fifths rule")
        # Every finding names its kind of bias, its evidence and a plain reading.
        self.assertEqual(doc["findings"][0]["kind"], "outcome")
        self.assertAlmostEqual(doc["findings"][0]["evidence"]["value"], doc["ratio"]["selection_rate"], places=12)
        self.assertEqual(doc["findings"][0]["reading"], "Female are selected at 0.3136 times the rate of Male, below the four-fifths (0.8) line.")
        self.assertEqual({f["kind"] for f in doc["findings"]} <= {"outcome", "error_rate"}, True)

    def audit_html(self, *extra):
        """The HTML report of the audit of the Adult predictions by sex, with extra flags."""
        with tempdir() as d:
            out = os.path.join(d, "audit.html")
            code, _, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex",
                               *extra, "--out", out)
            self.assertEqual((code, err), (0, ""))
            with open(out) as f:
                return f.read()

    def test_html_chart_draws_rates_only(self):
        """log_loss and count stay in the table, off the rates' axis (log_loss was drawn as a rate)."""
        html = self.audit_html("--score", "score")
        chart = html[html.index("<svg"):html.index("</svg>")]
        self.assertIn("selection_rate", chart)
        self.assertNotIn("log_loss", chart)
        self.assertIn("log_loss", html)

    def test_scan_lists_the_worst_subgroups(self):
        """--scan sex,race: the depth-2 subgroups' z-test p-values match statsmodels (scan_reference.json, whose
        subgroups over sex and race are the same tests; the Benjamini-Hochberg family here is theirs alone)."""
        import json
        code, out, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex",
                             "--scan", "sex,race", "--format", "json")
        self.assertEqual((code, err), (0, ""))
        scan = json.loads(out)["scan"]
        with open(os.path.join(os.path.dirname(self.csv), "scan_reference.json")) as f:
            ref = json.load(f)["exhaustive"][0]
        mine = {s["description"]: s for s in scan["subgroups"]}
        theirs = [r for r in ref["subgroups"] if {c[0] for c in r["conditions"]} <= {"sex", "race"}]
        self.assertEqual(scan["tested"], len(theirs))
        for r in theirs:
            s = mine[" ∧ ".join(f"{c[0]} = {c[1]}" for c in sorted(r["conditions"], key=lambda c: ["sex", "race"].index(c[0])))]
            self.assertEqual(s["n"], r["size"])
            self.assertAlmostEqual(s["p_value"], r["p"], places=12)
        self.assertIn("subgroup scan", [f["rule"] for f in json.loads(out)["findings"]])
        code, out, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex", "--scan", "sex,race")
        self.assertEqual(code, 0, err)
        self.assertIn("Subgroup scan (exhaustive, conjunctions of up to 2 of sex, race", out)
        self.assertIn(f"{len(theirs)} tested", out)
        code, out, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex", "--scan", "sexx")
        self.assertEqual(code, 1)
        self.assertIn("sexx", err)
        code, out, err = run("audit", "-", "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex", "--scan", "sex")
        self.assertEqual(code, 2)
        self.assertIn("--scan reads a file", err)

    def test_clarify_gives_smclarifys_count_measures_from_the_stream(self):
        """--clarify on sex and race together: each column's pre- and post-training measures, each value against the
        rest, equal smclarify 0.5's on the same file (clarify_reference.json) to 1e-9; the row measures are left out."""
        import json
        args = ("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex,race", "--clarify")
        code, out, err = run(*args, "--format", "json")
        self.assertEqual((code, err), (0, ""))
        reports = {(c["facet"], c["stage"]): c for c in json.loads(out)["clarify"]}
        self.assertEqual(sorted(reports), [("race", "post_training"), ("race", "pre_training"), ("sex", "post_training"), ("sex", "pre_training")])
        with open(os.path.join(os.path.dirname(self.csv), "clarify_reference.json")) as f:
            ref = json.load(f)["clarify"]
        compared = 0
        for facet in ("sex", "race"):
            for stage in ("pre_training", "post_training"):
                report = reports[(facet, stage)]
                self.assertEqual(report["left_out"], ["CDDL"] if stage == "pre_training" else ["CDDPL", "FT", "GE"])
                for value, expected in ref["adult_" + facet]["reports"][stage].items():
                    got = {m["name"]: m["value"] for f in report["facets"] if f["value_or_threshold"] == value for m in f["metrics"]}
                    for name, v in expected.items():
                        if name in report["left_out"]:
                            self.assertNotIn(name, got)
                            continue
                        self.assertAlmostEqual(got[name], v, places=9, msg=f"{facet} {value} {name}")
                        compared += 1
        self.assertGreater(compared, 60)
        code, text, err = run(*args)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("Post-training bias (SageMaker Clarify) of 15060 rows; from each group's counts (CDDPL, FT, GE read every row and are left out)", text)
        code, markdown, _ = run(*args, "--format", "markdown")
        self.assertIn("### SageMaker Clarify: post-training measures, by race", markdown)
        code, html, _ = run(*args, "--format", "html")
        self.assertIn("SageMaker Clarify: pre-training measures, by sex", html)
        code, _, err = run(*args, "--emit-state")
        self.assertEqual(code, 2)
        self.assertIn("--clarify makes a report", err)

    def test_check_gives_the_fairmodels_verdict_in_every_format(self):
        """--check --privileged White: the ratios, failed criteria and verdict of dalex 1.8's fairness_check on the same
        decisions (check_reference.json, adult_race: y_pred is score >= 0.5), to 1e-12; failed criteria are findings."""
        import json
        args = ("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "race", "--check", "--privileged", "White")
        code, out, err = run(*args, "--format", "json")
        self.assertEqual((code, err), (0, ""))
        doc = json.loads(out)
        with open(os.path.join(os.path.dirname(self.csv), "check_reference.json")) as f:
            ref = json.load(f)["checks"]["adult_race"]
        check = doc["check"]
        self.assertEqual((check["verdict"], check["failed"], check["privileged"]), (ref["verdict"], ref["failed"], "White"))
        for metric, groups in ref["ratios"].items():
            for group, ratio in groups.items():
                self.assertAlmostEqual(check["ratios"][metric][group], ratio, places=12, msg=f"{metric} {group}")
        # TPR and FPR fail as findings; STP is already the four-fifths rule's finding.
        checked = [f for f in doc["findings"] if f["rule"] == "fairness check"]
        self.assertEqual(sorted(f["evidence"]["statistic"] for f in checked), ["FPR ratio", "TPR ratio"])
        self.assertIn("four-fifths rule", [f["rule"] for f in doc["findings"]])
        fpr = next(f for f in checked if f["evidence"]["statistic"] == "FPR ratio")
        self.assertAlmostEqual(fpr["evidence"]["value"], ref["ratios"]["FPR"]["Other"], places=12)   # the farthest from 1
        code, text, err = run(*args)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("Fairness check of race: each group's rate over White's", text)
        self.assertIn("Conclusion: the model is not fair because 2 or more criteria exceeded acceptable limits set by epsilon.", text)
        code, markdown, _ = run(*args, "--format", "markdown")
        self.assertIn("## Fairness check", markdown)
        self.assertIn("| TPR | Equal opportunity | Black |", markdown)
        code, html, _ = run(*args, "--epsilon", "0.5", "--format", "html")
        self.assertEqual(code, 0)
        self.assertIn("<h2>Fairness check</h2>", html)
        self.assertIn("passing inside [0.5, 2]", html)
        self.assertEqual(html.count("<svg"), 3)          # the metrics' bars, the check's ratio bars and its heat map
        code, _, err = run(*args[:-2], "--privileged", "Nobody")
        self.assertEqual(code, 1)
        self.assertIn("privileged group 'Nobody' not found", err)
        code, _, err = run(*args, "--emit-state")
        self.assertEqual(code, 2)
        self.assertIn("--check makes a report, not a state", err)

    def test_intersectional_markdown_to_file_and_plugins(self):
        plugins = os.path.join(os.path.dirname(self.csv), "..", "..", "scripts", "plugins")
        with tempdir() as d:
            out = os.path.join(d, "audit.md")
            code, stdout, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex,race",
                                    "--metrics", "tpr,treatment_equality", "--plugins", plugins, "--format", "markdown", "--out", out)
            self.assertEqual((code, stdout, err), (0, "", ""))
            with open(out) as f:
                text = f.read()
            self.assertIn("| Female|Black |", text)
            self.assertIn("treatment_equality", text)

    def audit_file(self, text, *flags):
        with tempdir() as d:
            path = os.path.join(d, "a.csv")
            with open(path, "wb") as f:
                f.write(text)
            code, out, err = run("audit", path, "--label", "y", "--prediction", "p", "--sensitive", "g", *flags)
            return code, out, err.replace(path, "FILE")

    def test_no_false_clean_bill(self):
        import json
        code, out, _ = self.audit_file(b"y,p,g\n1.0,1e0,a\n0,0,b\n1,0,a\n0,+1,b\n", "--format", "json")
        self.assertEqual((code, json.loads(out)["overall"]["selection_rate"], json.loads(out)["overall"]["tpr"]), (0, 0.5, 0.5))
        self.assertEqual(self.audit_file(b"y,p,g\nyes,1,a\nno,0,b\n")[0:3:2],
                         (1, "fairlua: FILE: column 'y': no value is positive (--positive 1); values found: 'no', 'yes'\n"))   # byte order, as merged states list them
        self.assertEqual(self.audit_file(b"y,p,g\nyes,1,a\nyes,0,b\n", "--positive", "yes")[2],
                         "fairlua: FILE: column 'y': every value is positive (--positive yes); values found: 'yes'\n")
        self.assertEqual(self.audit_file(b"y,p,g\n1,1,a\n0,1,b\n")[2],
                         "fairlua: FILE: column 'p': every value is positive (--prediction-positive 1); values found: '1'\n")
        code, out, _ = self.audit_file(b"y,p,g\n>50K,1,a\n<=50K,0,b\n>50K,0,a\n<=50K,1,b\n", "--positive", ">50K", "--format", "json")
        self.assertEqual((code, json.loads(out)["overall"]["tpr"]), (0, 0.5))
        code, out, _ = self.audit_file(b"y,p,g\n1,Y,a\n0,N,b\n1,N,a\n0,Y,b\n", "--prediction-positive", "Y", "--format", "json")
        self.assertEqual((code, json.loads(out)["overall"]["selection_rate"]), (0, 0.5))

    def test_tiny_groups_are_flagged_and_an_underpowered_no_finding_says_so(self):
        import json
        code, out, _ = self.audit_file(b"y,p,g\n1,1,a\n0,1,b\n1,0,a\n0,0,b\n", "--format", "json")
        doc = json.loads(out)
        self.assertEqual((code, doc["findings"], doc["tests"]), (0, [], []))
        self.assertIn("groups: a (n = 2), b (n = 2) below min_group_size 30: shown in the tables, left out of findings and tests", doc["warnings"])
        rows = b"y,p,g\n" + b"".join(b"%d,%d,%s\n" % (i % 2, (i // 2) % 2, b"a" if i < 40 else b"b") for i in range(80))
        code, out, _ = self.audit_file(rows)
        self.assertEqual(code, 0)
        self.assertIn("No findings.", out)
        self.assertIn("groups: no selection-rate finding, but the test is underpowered: with a at n = 40 against 40 other rows", out)

    def test_score_column_as_prediction_needs_a_threshold(self):
        scores = b"y,p,g\n1,0.7,a\n0,0.2,b\n1,0.6,a\n0,0.4,b\n"
        self.assertEqual(self.audit_file(scores)[2],
                         "fairlua: FILE: column 'p' holds scores ('0.7'), not decisions; give --threshold T to decide score >= T\n")
        import json
        code, out, _ = self.audit_file(scores, "--threshold", "0.5", "--format", "json")
        self.assertEqual((code, json.loads(out)["overall"]["accuracy"]), (0, 1.0))

    def test_invalid_utf8_is_an_error_with_the_line(self):
        self.assertEqual(self.audit_file(b"y,p,g\n1,1,\xff\n0,0,\xfe\n1,0,a\n0,1,a\n")[0:3:2],
                         (1, "fairlua: FILE:2: column 'g': invalid UTF-8\n"))

    def test_out_to_devices_writes_directly(self):
        args = ("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex")
        code, out, err = run(*args, "--out", "/dev/stdout")
        self.assertEqual((code, err, out), (0, "", run(*args)[1]))
        self.assertEqual(run(*args, "--out", "/dev/full")[0:3:2], (1, "fairlua: cannot write /dev/full: No space left on device\n"))

    def test_html_is_self_contained(self):
        html = self.audit_html("--format", "html")
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn("four-fifths rule", html)
        self.assertIn("<svg", html)
        self.assertNotIn("<script", html)

    def test_missing_sensitive_values_are_the_group_data_csv_makes(self):
        import json
        with tempdir() as d:
            path = write(d, "m.csv", "x,sex,y,p\n1,F,1,1\n2,,0,1\n3,M,1,0\n4,?,1,1\n5,M,0,0\n")
            code, out, err = run("audit", path, "--label", "y", "--prediction", "p", "--sensitive", "sex", "--format", "json")
            self.assertEqual((code, err), (0, ""))
            doc = json.loads(out)
            groups = {g["key"]: (g["n"], g["metrics"]["selection_rate"]) for g in doc["groups"]}
            self.assertEqual(groups, {"(missing)": (2, 1.0), "F": (1, 1.0), "M": (2, 0.0)})
            self.assertIn("rows with no sensitive value are the group (missing) (n = 2)", doc["warnings"])
            # MetricFrame over data.csv's dataset agrees.
            script = ("local ds = data.csv(arg[1], {label = 'y', positive = 1, sensitive = 'sex'})\n"
                      "local mf = fair.MetricFrame{metrics = {'selection_rate'}, y_true = ds:labels(), y_pred = ds:column('p'), sensitive = ds:sensitive('sex')}\n"
                      "print(json.encode(mf:by_group()))")
            code, out, err = run("run", write(d, "mf.lua", script), path)
            self.assertEqual(code, 0, err)
            self.assertEqual({k: v["selection_rate"] for k, v in json.loads(out).items()}, {k: v[1] for k, v in groups.items()})

    def test_empty_sensitive_is_an_error(self):     # issue 15: this crashed
        code, _, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "")
        self.assertEqual((code, "--sensitive needs one or more column names" in err), (1, True))

    def test_bad_input(self):
        code, _, err = run("audit", self.csv, "--label", "nope", "--prediction", "y_pred", "--sensitive", "sex")
        self.assertEqual(code, 1)
        self.assertIn("column 'nope' not found; columns are: y_true, y_pred", err)
        code, _, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex", "--metrics", "roc_auc")
        self.assertEqual(code, 1)
        self.assertIn("metric 'roc_auc' needs the rows", err)
        code, _, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex", "--metrics", "nope")
        self.assertEqual(code, 1)
        self.assertIn("unknown metric 'nope'", err)
        code, _, err = run("audit", self.csv, "--label", "y_true", "--prediction", "y_pred", "--sensitive", "sex", "--format", "pdf")
        self.assertEqual(code, 2)
        with tempdir() as d:
            empty = write(d, "empty.csv", "")
            code, _, err = run("audit", empty, "--label", "y", "--prediction", "p", "--sensitive", "s")
            self.assertEqual(code, 1)
            self.assertIn("the file is empty", err)


class RegressionAuditTest(unittest.TestCase):
    """fairlua audit --regression: a regressor's targets and predictions, equal to fair.regression on the same columns."""

    @classmethod
    def setUpClass(cls):
        import random
        rng = random.Random(7)
        lines = ["y,p,sex,race"]
        for i in range(600):
            sex, race = rng.choice("FM"), rng.choice("ABC")
            y = rng.gauss(40, 10)
            lines.append(f"{y:.4f},{y + rng.gauss(0, 5) + (6 if sex == 'M' else 0):.4f},{sex},{race}")
        cls.dir = tempdir()
        cls.csv = write(cls.dir.name, "reg.csv", "\n".join(lines) + "\n")
        cls.args = ("--y-true", "y", "--y-pred", "p", "--sensitive", "sex", "--regression", "--permutations", "200", "--bound", "40", "--seed", "3")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_equals_fair_regression_in_every_format(self):
        import json
        code, out, err = run("audit", self.csv, *self.args, "--format", "json")
        self.assertEqual((code, err), (0, ""))
        audit = json.loads(out)
        script = ("local d = data.csv(arg[1], {categorical = {'sex', 'race'}})\n"
                  "print(fair.regression{y_true = d:column('y'), y_pred = d:column('p'), sensitive = d:column('sex'),"
                  " permutations = 200, seed = 3, bound = 40}:to_json())")
        with tempdir() as d:
            code, lua, err = run(write(d, "r.lua", script), self.csv)
        self.assertEqual((code, err), (0, ""))
        expected = json.loads(lua)
        # The script's columns are Float32 tensors, the audit's Doubles: values agree to Float32's precision.
        def close(a, b, key):
            if isinstance(a, dict):
                self.assertEqual(a.keys(), b.keys(), key)
                for k in a: close(a[k], b[k], f"{key}.{k}")
            elif isinstance(a, float):
                self.assertAlmostEqual(a, b, delta=1e-5 * max(1, abs(b)), msg=key)
            else:
                self.assertEqual(a, b, key)
        for key in ("ks", "wasserstein", "ks_p_value", "wasserstein_p_value", "rmse", "mae", "r2", "sizes", "within_bound"):
            close(audit[key], expected[key], key)
        self.assertEqual(audit["file"], self.csv)
        self.assertLess(audit["ks_p_value"], 0.05)                      # the men's predictions are shifted by 6
        self.assertIn("outcome", [f["kind"] for f in audit["findings"]])
        code, text, _ = run("audit", self.csv, *self.args)
        self.assertEqual(code, 0)
        self.assertIn("largest Kolmogorov-Smirnov distance", text)
        self.assertIn("permutation p =", text)
        code, md, _ = run("audit", self.csv, *self.args, "--format", "markdown")
        self.assertTrue(md.startswith("# Regression fairness of "), md[:80])
        with tempdir() as d:
            out = os.path.join(d, "r.html")
            self.assertEqual(run("audit", self.csv, *self.args, "--out", out)[0], 0)
            with open(out) as f:
                html = f.read()
            self.assertIn("Provenance", html)
            self.assertIn("SHA-256", html)
        # Intersectional groups, and standard input.
        with open(self.csv) as f:
            code, out, err = run("audit", "-", *self.args[:5], "sex,race", *self.args[6:], "--format", "json", stdin=f.read())
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(len(json.loads(out)["groups"]), 6)

    def test_bad_input(self):
        code, _, err = run("audit", self.csv, *self.args, "--score", "p")
        self.assertEqual(code, 2)
        self.assertIn("--regression audits numeric predictions: --score is for decisions", err)
        code, _, err = run("audit", self.csv, *self.args, "--check", "--bootstrap", "5")
        self.assertEqual(code, 2)
        self.assertIn("--bootstrap, --check are for decisions", err)
        code, _, err = run("audit", self.csv, "--y-true", "y", "--y-pred", "sex", "--sensitive", "race", "--regression")
        self.assertEqual(code, 1)
        self.assertIn("reg.csv:2: column 'sex': 'M' is not a number", err)
        with tempdir() as d:
            bad = write(d, "bad.csv", "y,p,sex\n1,2,F\n3,,M\n")
            code, _, err = run("audit", bad, "--y-true", "y", "--y-pred", "p", "--sensitive", "sex", "--regression")
            self.assertEqual(code, 1)
            self.assertIn("bad.csv:3: y-pred 'p' is missing", err)
            bad = write(d, "nosex.csv", "y,p,sex\n1,2,F\n3,4,\n")
            code, _, err = run("audit", bad, "--y-true", "y", "--y-pred", "p", "--sensitive", "sex", "--regression")
            self.assertEqual(code, 1)
            self.assertIn("nosex.csv:3: sensitive 'sex' is missing", err)
        code, _, err = run("audit", self.csv, *self.args[:-2], "--permutations", "-1")
        self.assertEqual(code, 2)


class RankingAuditTest(unittest.TestCase):
    """fairlua audit --ranking: a ranked list's exposure, relevance and NDCG by group, equal to fair.rank.fairness."""

    @classmethod
    def setUpClass(cls):
        import random
        rng = random.Random(11)
        lines = ["relevance,score,group"]
        scores = rng.sample(range(100000), 400)
        for i in range(400):
            group = rng.choice("AB")
            relevance = rng.randint(0, 3)
            # Group B's items are pushed down: their scores lose a third.
            lines.append(f"{relevance},{(scores[i] / 10 + 2000 * relevance) * (0.66 if group == 'B' else 1):.1f},{group}")
        cls.dir = tempdir()
        cls.csv = write(cls.dir.name, "ranked.csv", "\n".join(lines) + "\n")
        cls.args = ("--y-true", "relevance", "--score", "score", "--sensitive", "group", "--ranking", "--target", "A=0.5,B=0.5", "--depth", "100")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_equals_fair_rank_fairness_in_every_format(self):
        import json
        code, out, err = run("audit", self.csv, *self.args, "--format", "json")
        self.assertEqual((code, err), (0, ""))
        audit = json.loads(out)
        script = ("local d = data.csv(arg[1], {categorical = {'group'}})\n"
                  "print(fair.rank.fairness(d:column('score'), d:column('relevance'), d:column('group'),"
                  " {target = {A = 0.5, B = 0.5}, depth = 100}):to_json())")
        with tempdir() as d:
            code, lua, err = run(write(d, "r.lua", script), self.csv)
        self.assertEqual((code, err), (0, ""))
        expected = json.loads(lua)
        for key in ("sizes", "depth", "infeasible_index", "infeasible_positions"):
            self.assertEqual(audit[key], expected[key], key)
        for key in ("dcg", "ndcg", "exposure_to_relevance_ratio"):
            self.assertAlmostEqual(audit[key], expected[key], delta=1e-9 * max(1, abs(expected[key])), msg=key)
        self.assertEqual(audit["file"], self.csv)
        rules = sorted(f["rule"] for f in audit["findings"])
        self.assertIn("four-fifths rule", rules)                       # B gets less exposure per unit of relevance
        self.assertIn("infeasible index", rules)
        code, text, _ = run("audit", self.csv, *self.args)
        self.assertEqual(code, 0)
        self.assertTrue(text.startswith("Findings (by kind, worst first):"), text[:80])
        self.assertIn("exposure-per-relevance ratio", text)
        code, md, _ = run("audit", self.csv, *self.args, "--format", "markdown")
        self.assertTrue(md.startswith("# Ranking fairness of "), md[:80])
        with tempdir() as d:
            out = os.path.join(d, "r.html")
            self.assertEqual(run("audit", self.csv, *self.args, "--out", out)[0], 0)
            with open(out) as f:
                self.assertIn("SHA-256", f.read())

    def test_bad_input(self):
        code, _, err = run("audit", self.csv, *self.args, "--y-pred", "score")
        self.assertEqual(code, 2)
        self.assertIn("--ranking ranks the items by --score COL", err)
        code, _, err = run("audit", self.csv, *self.args, "--regression")
        self.assertEqual(code, 2)
        code, _, err = run("audit", self.csv, "--y-true", "relevance", "--y-pred", "score", "--sensitive", "group", "--depth", "3")
        self.assertEqual(code, 2)
        self.assertIn("options of --ranking", err)
        code, _, err = run("audit", self.csv, *self.args[:-4], "--target", "A=0.7,B=0.7")
        self.assertEqual(code, 1)
        self.assertIn("sum", err)
        code, _, err = run("audit", self.csv, *self.args[:-4], "--target", "A")
        self.assertEqual(code, 2)
        self.assertIn("--target: G=P expected", err)
        with tempdir() as d:
            tied = write(d, "tied.csv", "relevance,score,group\n1,2,A\n0,2,B\n")
            code, _, err = run("audit", tied, "--y-true", "relevance", "--score", "score", "--sensitive", "group", "--ranking")
            self.assertEqual(code, 1)
            self.assertIn("share the score", err)
            code, _, err = run("audit", tied, "--y-true", "relevance", "--score", "score", "--sensitive", "group", "--ranking", "--ties-by-row")
            self.assertEqual((code, err), (0, ""))


class InteropAuditTest(unittest.TestCase):
    """fairlua audit on pandas' scored CSV, plain and gzip-compressed (Tests/reference/generate_interop.py)."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "interop")

    def audit(self, name, *extra):
        import json
        code, out, err = run("audit", os.path.join(self.folder, name), "--label", "label", "--prediction", "prediction",
                             "--sensitive", "sex", "--positive", "True", "--format", "json", *extra)
        return code, (json.loads(out) if code == 0 else None), err

    def test_gzip_is_read_like_the_plain_file(self):
        code, plain, err = self.audit("csv/scored.csv")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(plain["n"], 200)
        self.assertAlmostEqual(plain["overall"]["base_rate"], 70 / 200, places=12)
        for name in ("csv/scored.csv.gz", "csv/scored_gzip_no_suffix.csv", "csv/scored_multimember.csv.gz"):
            code, doc, err = self.audit(name)
            self.assertEqual((code, err, doc["overall"], doc["groups"]), (0, "", plain["overall"], plain["groups"]), name)

    def test_corrupt_gzip_names_the_file(self):
        code, _, err = self.audit("bad/bad_crc.csv.gz")
        self.assertEqual(code, 1)
        self.assertIn("bad_crc.csv.gz: gzip: corrupt compressed data: incorrect data check", err)

    def test_numpy_reads_what_fairlua_writes(self):
        try:
            import numpy as np
        except ImportError:
            self.skipTest("numpy is not installed")
        with tempdir() as d:
            code, _, err = run("-e", f'tensor{{{{1, 2}}, {{3, 16777216}}}}:save("{d}/a.npy", {{dtype = "int64"}}); '
                                     f'tensor{{1.5, -2}}:save("{d}/b.npy"); tensor.save_npz("{d}/c.npz", {{x = tensor{{0, 1}}}})')
            self.assertEqual((code, err), (0, ""))
            a = np.load(f"{d}/a.npy")
            self.assertEqual((a.dtype, a.tolist()), (np.dtype("int64"), [[1, 2], [3, 16777216]]))
            self.assertEqual(np.load(f"{d}/b.npy").tolist(), [1.5, -2.0])
            with np.load(f"{d}/c.npz") as z:
                self.assertEqual(z["x"].tolist(), [0.0, 1.0])
