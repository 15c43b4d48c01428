"""The Jupyter kernel with real clients: jupyter_client's KernelManager/BlockingKernelClient, nbclient."""
import json
import os
import queue
import subprocess
import sys
import tempfile
import time
import unittest

from jupyter_client import KernelManager
from jupyter_client.session import Session

from fairlua_cli import BIN, ROOT, run


def install_spec(prefix):
    """Installs the kernelspec under prefix and points Jupyter at it."""
    code, out, err = run("kernel", "install", "--prefix", prefix)
    assert code == 0, err
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")


def collect(kc, msg_id, timeout=30):
    """The iopub messages of one request, up to its idle status."""
    messages = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages
    raise AssertionError("no idle status for %s; got %s" % (msg_id, [m["msg_type"] for m in messages]))


class KernelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="fairlua-kernel-")
        install_spec(cls.dir.name)
        cls.km = KernelManager(kernel_name="fairlua")
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=30)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        cls.dir.cleanup()

    def execute(self, code, timeout=30):
        """Runs code; returns (reply content, iopub messages)."""
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply["content"], collect(self.kc, msg_id, timeout)

    def of_type(self, messages, msg_type):
        return [m["content"] for m in messages if m["msg_type"] == msg_type]

    def test_kernel_info(self):
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["protocol_version"], "5.3")
        info = reply["language_info"]
        self.assertEqual((info["name"], info["file_extension"], info["pygments_lexer"], info["codemirror_mode"]), ("lua", ".lua", "lua", "lua"))
        self.assertTrue(reply["help_links"])

    def test_expression_result_busy_idle_and_input(self):
        reply, messages = self.execute("1 + 1")
        self.assertEqual(reply["status"], "ok")
        result = self.of_type(messages, "execute_result")
        self.assertEqual(result[0]["data"]["text/plain"], "2")
        self.assertEqual(result[0]["execution_count"], reply["execution_count"])
        self.assertEqual(self.of_type(messages, "execute_input")[0]["code"], "1 + 1")
        states = [c["execution_state"] for c in self.of_type(messages, "status")]
        self.assertEqual(states, ["busy", "idle"])

    def test_last_line_expression_of_a_cell_is_its_value(self):
        _, messages = self.execute("local a = 20\na * 2 + 2")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "42")

    def test_print_streams_as_it_is_produced(self):
        msg_id = self.kc.execute("print('first'); local t = fairlua.clock(); while fairlua.clock() - t < 1 do end; print('second')")
        first = second = None
        deadline = time.monotonic() + 30
        while second is None and time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                self.assertEqual(msg["content"]["name"], "stdout")
                if "first" in msg["content"]["text"]:
                    first = time.monotonic()
                if "second" in msg["content"]["text"]:
                    second = time.monotonic()
        self.assertIsNotNone(first)
        self.assertGreater(second - first, 0.5)      # first arrived while the cell was still running
        collect(self.kc, msg_id)
        self.kc.get_shell_msg(timeout=10)

    def test_error_then_session_goes_on(self):
        self.execute("kept = 41")
        reply, messages = self.execute("error('boom')")
        self.assertEqual(reply["status"], "error")
        error = self.of_type(messages, "error")[0]
        self.assertIn("boom", error["evalue"])
        self.assertEqual(error["ename"], "LuaError")
        self.assertTrue(any("traceback" in line for line in error["traceback"]))
        _, messages = self.execute("kept + 1")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "42")

    def test_completion(self):
        self.kc.complete("x = fair.Met", 12)
        reply = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertIn("fair.MetricFrame", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (4, 12))

    def test_inspection_gives_help_text(self):
        self.kc.inspect("fair.MetricFrame", 6)
        reply = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertTrue(reply["found"])
        self.assertIn("MetricFrame", reply["data"]["text/plain"])

    def test_is_complete(self):
        for code, status in [("function f()", "incomplete"), ("x = 1", "complete"), ("x = = 1", "invalid")]:
            self.kc.is_complete(code)
            self.assertEqual(self.kc.get_shell_msg(timeout=10)["content"]["status"], status, code)

    def test_history_and_comm_info(self):
        self.execute("history_marker = 1")
        self.kc.history(hist_access_type="tail", n=3)
        history = self.kc.get_shell_msg(timeout=10)["content"]["history"]
        self.assertIn("history_marker = 1", [h[2] for h in history])
        self.kc.comm_info()
        self.assertEqual(self.kc.get_shell_msg(timeout=10)["content"]["comms"], {})

    def interrupted(self, code, interrupt):
        msg_id = self.kc.execute(code)
        time.sleep(1)
        start = time.monotonic()
        interrupt()
        reply = self.kc.get_shell_msg(timeout=10)
        elapsed = time.monotonic() - start
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 0.5)
        collect(self.kc, msg_id)
        _, messages = self.execute("'next cell'")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "next cell")

    def test_interrupt_by_signal_stops_lua_loop(self):
        self.interrupted("while true do end", self.km.interrupt_kernel)

    def test_interrupt_request_stops_swift_loop(self):
        def request():
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        self.interrupted("local x = tensor.randn(2000, 4)\nnn.Trainer(nn.Sequential():add(nn.Dense(1)), "
                         "{loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})"
                         ":fit({x = x, y = x:select(2, 1):gt(0)}, {epochs = 1000000, batch_size = 16})", request)

    def test_progress_bar_redraws_one_line(self):
        _, messages = self.execute("local x = tensor.randn(4000, 4)\n"
                                   "local t = nn.Trainer(nn.Sequential():add(nn.Dense(1)), {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})\n"
                                   "local start = fairlua.clock()\n"
                                   "t:fit({x = x, y = x:select(2, 1):gt(0)}, {epochs = 100000, batch_size = 64,\n"
                                   "  on_epoch = function() return fairlua.clock() - start < 1.6 end})")
        bar = "".join(c["text"] for c in self.of_type(messages, "stream") if c["name"] == "stderr")
        self.assertIn("\rtraining [", bar)
        self.assertNotIn("\n", bar)                 # redrawn in place, never line after line

    def test_rich_display(self):
        _, messages = self.execute("fair.MetricFrame{metrics = {'accuracy'}, y_true = {1, 0, 1, 0}, "
                                   "y_pred = {1, 0, 0, 0}, sensitive = {'a', 'a', 'b', 'b'}}")
        data = self.of_type(messages, "execute_result")[0]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("accuracy", data["text/plain"])
        _, messages = self.execute("plot.bars{categories = {'a', 'b'}, series = {{name = 's', values = {1, 2}}}}\n"
                                   "display_html('<b>bold</b>')\ndisplay(tensor{1, 2})")
        shown = [c["data"] for c in self.of_type(messages, "display_data")]
        self.assertTrue(shown[0]["image/svg+xml"].startswith("<svg"))
        self.assertEqual(shown[1]["text/html"], "<b>bold</b>")
        self.assertIn("Tensor of shape [2]", shown[2]["text/plain"])

    def test_wrongly_signed_message_is_ignored(self):
        bad = Session(key=b"not-the-key", username="intruder")
        bad.send(self.kc.shell_channel.socket, "execute_request",
                 {"code": "intruded = true", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
        with self.assertRaises(queue.Empty):
            self.kc.get_shell_msg(timeout=1)
        _, messages = self.execute("intruded == nil")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "true")

    def test_thousand_rapid_executes(self):
        ids = [self.kc.execute("n_rapid = %d" % i) for i in range(1000)]
        replies = {}
        while len(replies) < len(ids):
            msg = self.kc.get_shell_msg(timeout=30)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual(set(replies), set(ids))
        self.assertEqual(set(replies.values()), {"ok"})
        while True:                                   # drop their iopub traffic
            try:
                self.kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                break
        _, messages = self.execute("n_rapid")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "999")

    def test_client_disconnecting_mid_execution(self):
        other = self.km.client()
        other.start_channels()
        other.execute("local t = fairlua.clock(); while fairlua.clock() - t < 1.5 do end; print('done')")
        time.sleep(0.3)
        other.stop_channels()                        # gone while the cell runs
        _, messages = self.execute("'still serving'", timeout=30)
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "still serving")


class KernelSpecTest(unittest.TestCase):
    def test_install_list_uninstall(self):
        with tempfile.TemporaryDirectory(prefix="fairlua-spec-") as prefix:
            code, out, err = run("kernel", "install", "--prefix", prefix, "--name", "fairlua-test")
            self.assertEqual(code, 0, err)
            directory = os.path.join(prefix, "share", "jupyter", "kernels", "fairlua-test")
            with open(os.path.join(directory, "kernel.json")) as f:
                spec = json.load(f)
            self.assertEqual(spec["argv"][1:], ["kernel", "-f", "{connection_file}"])
            self.assertTrue(os.path.isabs(spec["argv"][0]))
            self.assertEqual((spec["language"], spec["interrupt_mode"]), ("lua", "signal"))
            self.assertTrue(os.path.exists(os.path.join(directory, "logo-svg.svg")))
            listed = subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"], capture_output=True, text=True,
                                    env=dict(os.environ, JUPYTER_PATH=os.path.join(prefix, "share", "jupyter")))
            self.assertIn("fairlua-test", json.loads(listed.stdout)["kernelspecs"])
            self.assertEqual(run("kernel", "uninstall", "--prefix", prefix, "--name", "fairlua-test")[0], 0)
            self.assertFalse(os.path.exists(directory))
            self.assertEqual(run("kernel", "uninstall", "--prefix", prefix, "--name", "fairlua-test")[0], 1)

    def test_bad_connection_file_is_a_usage_error(self):
        code, _, err = run("kernel", "-f", "/nonexistent/connection.json")
        self.assertEqual(code, 2)
        self.assertIn("connection.json", err)


class NotebookTest(unittest.TestCase):
    def test_adult_notebook_runs_headless(self):
        import nbformat
        from nbclient import NotebookClient
        with tempfile.TemporaryDirectory(prefix="fairlua-nb-") as prefix:
            install_spec(prefix)
            nb = nbformat.read(os.path.join(ROOT, "scripts", "examples", "adult.ipynb"), as_version=4)
            NotebookClient(nb, kernel_name="fairlua", timeout=300, resources={"metadata": {"path": prefix}}).execute()
        outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
        self.assertFalse([o for o in outputs if o.output_type == "error"])
        html = [o.data["text/html"] for o in outputs if "data" in o and "text/html" in o.data]
        svg = [o.data["image/svg+xml"] for o in outputs if "data" in o and "image/svg+xml" in o.data]
        self.assertTrue(any("<table" in h and "selection_rate" in h for h in html))
        self.assertTrue(svg and all(s.startswith("<svg") for s in svg))


if __name__ == "__main__":
    unittest.main()
