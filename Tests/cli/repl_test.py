"""The REPL through a pseudo-terminal (pexpect) and through a pipe."""
import os
import unittest

import pexpect

from fairlua_cli import BIN, run, tempdir

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
        self.child.expect_exact("{\r\n  n = 2,\r\n  t = Tensor of shape [1]\r\n[1]\r\n}" + PROMPT)

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


class ReplPipeTest(unittest.TestCase):
    def test_line_by_line_without_prompts(self):
        code, out, err = run("repl", stdin="x = 1\nx + 1\n=x\nfunction f(a)\n  return a * 2\nend\nf(21)\n"
                                           "error('oops')\nprint('still here')\n{1, {a = 's'}}\n")
        self.assertEqual(code, 0)
        self.assertEqual(out, "2\n1\n42\nstill here\n{1, {a = \"s\"}}\n")
        self.assertIn("stdin:1: oops", err)


if __name__ == "__main__":
    unittest.main()
