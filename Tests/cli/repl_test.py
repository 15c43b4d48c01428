"""The REPL through a pseudo-terminal (pexpect) and through a pipe."""
import os
import signal
import subprocess
import time
import unittest

import pexpect

from fairlua_cli import BIN, run, tempdir, write

PROMPT = "\r\n> "


class ReplTerminalTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempdir()
        self.history = os.path.join(self.dir.name, "history")
        env = dict(os.environ, FAIRLUA_HISTORY=self.history, TERM="dumb")
        self.child = pexpect.spawn(BIN, ["repl", "--quiet"], env=env, encoding="utf-8", timeout=10)
        self.child.expect_exact("> ")

    def tearDown(self):
        self.child.close(force=True)
        self.dir.cleanup()

    def send(self, line):
        self.child.sendline(line)

    def test_expression_prints_its_value(self):
        self.send("1 + 2, 'x'")
        self.child.expect_exact("3\tx" + PROMPT)
        self.send("=json.encode({1})")
        self.child.expect_exact("[1]" + PROMPT)

    def test_objects_print_through_tostring(self):
        self.send("tensor{{1, 2}, {3, 4}}")
        self.child.expect_exact("Tensor of shape [2, 2]\r\n[[1, 2],\r\n [3, 4]]" + PROMPT)
        self.send("{t = tensor{1}, n = 2}")
        # An object that prints several lines starts on its own line, indented under its key.
        self.child.expect_exact("{\r\n  n = 2,\r\n  t =\r\n    Tensor of shape [1]\r\n    [1]\r\n}" + PROMPT)

    def test_multiline_function(self):
        self.send("function twice(x)")
        self.child.expect_exact(">> ")
        self.send("  return 2 * x")
        self.child.expect_exact(">> ")
        self.send("end")
        self.child.expect_exact(PROMPT)
        self.send("twice(21)")
        self.child.expect_exact("42" + PROMPT)

    def test_error_then_more_input(self):
        self.send("error('boom')")
        self.child.expect_exact("stdin:1: boom")
        self.child.expect_exact(PROMPT)
        self.send("x = = 1")
        self.child.expect_exact("unexpected symbol near '='")
        self.send("40 + 2")
        self.child.expect_exact("42" + PROMPT)

    def test_ctrl_c_interrupts_running_code(self):
        self.send("while true do end")
        self.child.expect(pexpect.TIMEOUT, timeout=0.5)
        self.child.sendintr()
        self.child.expect_exact("interrupted!")
        self.child.expect_exact(PROMPT)
        self.send("'alive'")
        self.child.expect_exact("alive" + PROMPT)

    def interrupt_within(self, seconds):
        """Sends Ctrl-C and returns how long the REPL took to report the interruption."""
        start = time.monotonic()
        self.child.sendintr()
        self.child.expect_exact("interrupted!")
        elapsed = time.monotonic() - start
        self.child.expect_exact(PROMPT)
        self.assertLess(elapsed, seconds)
        return elapsed

    def test_ctrl_c_stops_lua_and_swift_loops_within_half_a_second(self):
        self.send("while true do end")
        self.child.expect(pexpect.TIMEOUT, timeout=0.3)
        self.interrupt_within(0.5)
        self.send("train, test = data.load('adult'); model = nn.LogisticRegression():fit(train); print('ready')")
        self.child.expect_exact("ready" + PROMPT, timeout=30)
        self.send("explain.permutation_importance(model, test, {metric = 'accuracy', repeats = 1000000})")
        self.child.expect(pexpect.TIMEOUT, timeout=1)
        self.interrupt_within(0.5)
        self.send("net = nn.Sequential():add(nn.Dense(8)):add(nn.Dense(1))")
        self.child.expect_exact(PROMPT)
        self.send("nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 1e-6}}):fit(train, {epochs = 100000, batch_size = 64})")
        self.child.expect(pexpect.TIMEOUT, timeout=1)
        self.interrupt_within(0.5)
        self.send("#train")
        self.child.expect_exact("30162" + PROMPT)

    def test_ctrl_c_stops_loops_inside_coroutines(self):
        for code in ["coroutine.wrap(function() while true do end end)()",
                     "co = coroutine.create(function() while true do end end); print(coroutine.resume(co))",
                     "gen = coroutine.wrap(function() while true do coroutine.yield() end end); while true do gen() end",
                     "coroutine.wrap(function() while true do coroutine.resume(coroutine.create(function() while true do end end)) end end)()"]:
            self.send(code)
            self.child.expect(pexpect.TIMEOUT, timeout=0.3)
            self.interrupt_within(0.5)
        self.send("'alive'")
        self.child.expect_exact("alive" + PROMPT)

    def test_repeated_ctrl_c_never_kills_the_session(self):
        self.send("x = 41")
        self.child.expect_exact(PROMPT)
        for _ in range(3):
            self.send("while true do end")
            self.child.expect(pexpect.TIMEOUT, timeout=0.2)
            for _ in range(3):              # a burst: the first interrupts, the others must not kill
                self.child.sendintr()
            self.child.expect_exact("interrupted!")
            self.child.expect_exact(PROMPT)
        self.child.send("x = ")
        for _ in range(3):                  # at the prompt Ctrl-C drops the line being typed
            self.child.sendintr()
            self.child.expect_exact("> ")
        self.send("x + 1")
        self.child.expect_exact("42" + PROMPT)
        self.send("pcall(function() while true do end end)")
        self.child.expect(pexpect.TIMEOUT, timeout=0.2)
        self.child.sendintr()
        self.child.expect_exact("false\tinterrupted!" + PROMPT)
        self.assertTrue(self.child.isalive())

    def test_history_recall_and_file(self):
        self.send("6*7")
        self.child.expect_exact("42" + PROMPT)
        self.child.send("\x1b[A")          # up arrow recalls the last entry
        self.child.sendline("")
        self.child.expect_exact("42" + PROMPT)
        with open(self.history) as f:
            self.assertIn("6*7", f.read())

    def test_completion_of_module_fields(self):
        self.child.send("json.enc\t")
        self.child.expect_exact("json.encode")
        self.child.sendline("({true})")
        self.child.expect_exact("[true]" + PROMPT)

    def test_ctrl_d_exits(self):
        self.child.sendeof()
        self.child.expect(pexpect.EOF)
        self.child.close()
        self.assertEqual(self.child.exitstatus, 0)


class RunInterruptTest(unittest.TestCase):
    def interrupted_status(self, code):
        """Runs a script that loops forever, sends SIGINT once it runs; returns (status, seconds, stderr)."""
        with tempdir() as d:
            path = write(d, "loop.lua", "print('started')\nio.stdout:flush()\n" + code + "\n")
            p = subprocess.Popen([BIN, "run", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.assertEqual(p.stdout.readline(), "started\n")
            time.sleep(0.5)
            start = time.monotonic()
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=10)
            return p.returncode, time.monotonic() - start, err

    def test_ctrl_c_exits_130(self):
        status, seconds, err = self.interrupted_status("while true do end")
        self.assertEqual(status, 130)
        self.assertLess(seconds, 0.5)
        self.assertIn("fairlua: interrupted", err)

    def test_ctrl_c_stops_a_loop_inside_a_coroutine(self):
        status, seconds, err = self.interrupted_status("coroutine.wrap(function() while true do end end)()")
        self.assertEqual(status, 130)
        self.assertLess(seconds, 0.5)
        self.assertIn("fairlua: interrupted", err)

    def test_ctrl_c_stops_a_swift_loop(self):
        status, seconds, _ = self.interrupted_status(
            "local x = tensor.randn(2000, 4); local y = x:select(2, 1):gt(0)\n"
            "nn.Trainer(nn.Sequential():add(nn.Dense(1)), {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})"
            ":fit({x = x, y = y}, {epochs = 1000000, batch_size = 16})")
        self.assertEqual(status, 130)
        self.assertLess(seconds, 0.5)


class ReplPipeTest(unittest.TestCase):
    def test_line_by_line_without_prompts(self):
        code, out, err = run("repl", stdin="x = 1\nx + 1\n=x\nfunction f(a)\n  return a * 2\nend\nf(21)\n"
                                           "error('oops')\nprint('still here')\n{1, {a = 's'}}\n")
        self.assertEqual(code, 0)
        self.assertEqual(out, "2\n1\n42\nstill here\n{1, {a = \"s\"}}\n")
        self.assertIn("stdin:1: oops", err)


if __name__ == "__main__":
    unittest.main()
