"""The Jupyter kernel with real clients: jupyter_client's KernelManager/BlockingKernelClient, nbclient."""
import json
import os
import queue
import re
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


class KernelSession(unittest.TestCase):
    """One kernel for a class's tests, started with `kernel_env` added to the environment."""
    kernel_env = {}

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="fairlua-kernel-")
        install_spec(cls.dir.name)
        cls.km = KernelManager(kernel_name="fairlua")
        cls.km.start_kernel(env=dict(os.environ, **cls.kernel_env))
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=30)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        cls.dir.cleanup()

    def execute(self, code, timeout=30, allow_stdin=False):
        """Runs code; returns (reply content, iopub messages)."""
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply["content"], collect(self.kc, msg_id, timeout)

    def of_type(self, messages, msg_type):
        return [m["content"] for m in messages if m["msg_type"] == msg_type]

    def result(self, code, timeout=60):
        """The data of code's execute_result (the cell must succeed)."""
        reply, messages = self.execute(code, timeout)
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        return self.of_type(messages, "execute_result")[0]["data"]


class KernelTest(KernelSession):

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
        time.sleep(1.5)
        start = time.monotonic()
        interrupt()
        reply = self.kc.get_shell_msg(timeout=10)
        elapsed = time.monotonic() - start
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 0.5)
        bars = [m["content"]["data"]["text/plain"] for m in collect(self.kc, msg_id)
                if m["msg_type"] in ("display_data", "update_display_data")]
        if bars:                                      # a bar the interrupt stopped says where it stopped
            self.assertRegex(bars[-1], r"^training: \d+/1000000 in \d+\.\d s$")
        _, messages = self.execute("'next cell'")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "next cell")

    lua_loop = "while true do end"
    swift_loop = ("local x = tensor.randn(2000, 4)\nnn.Trainer(nn.Sequential():add(nn.Dense(1)), "
                  "{loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})"
                  ":fit({x = x, y = x:select(2, 1):gt(0)}, {epochs = 1000000, batch_size = 16})")

    def interrupt_request(self):
        self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))

    def test_interrupt_by_signal_stops_lua_loop(self):
        self.interrupted(self.lua_loop, self.km.interrupt_kernel)

    def test_interrupt_by_signal_stops_swift_loop(self):
        self.interrupted(self.swift_loop, self.km.interrupt_kernel)

    def test_interrupt_request_stops_lua_loop(self):
        self.interrupted(self.lua_loop, self.interrupt_request)

    def test_interrupt_request_stops_swift_loop(self):
        self.interrupted(self.swift_loop, self.interrupt_request)

    def displayed_html(self, code):
        """The text/html of code's execute_result, checked to be a fragment: no document, styles scoped to it."""
        data = self.result(code)
        html = data["text/html"]
        self.assertTrue(html.startswith('<div class="fairlua">'), html[:80])
        self.assertNotIn("<body", html)
        self.assertNotIn("<html", html)
        self.assertTrue(data["text/plain"])
        return html

    def test_rich_display_of_every_result_type(self):
        reply, _ = self.execute("train, test = data.load('german'):split{ratio = 0.7, seed = 1}\n"
                                "model = nn.LogisticRegression():fit(train)\nyhat = model:predict(test)", timeout=60)
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        html = self.displayed_html("fair.MetricFrame{metrics = {'accuracy', 'selection_rate'}, y_true = test:labels(), "
                                   "y_pred = yhat, sensitive = test:sensitive()}")
        self.assertIn("<table", html)
        self.assertIn("selection_rate", html)
        self.assertIn("<svg", html)
        html = self.displayed_html("fair.detect(model, train, test, {ci = 0})")
        self.assertIn("Bias detection", html)
        self.assertIn("Strongest proxies", html)
        html = self.displayed_html("fair.mitigate(model, train, test, {method = 'reweighing'})")
        self.assertIn("Mitigation: reweighing", html)
        self.assertIn("<table", html)
        html = self.displayed_html("fair.sweep{train = train, test = test, methods = {'baseline', 'reweighing'}}")
        self.assertIn("trade-off", html)
        self.assertIn("<svg", html)
        html = self.displayed_html("fair.data_bias(train)")
        self.assertIn("Data bias", html)
        self.assertIn("base rate", html)
        html = self.displayed_html("explain.permutation_importance(model, test, {repeats = 1, seed = 1})")
        self.assertIn("permutation importance of accuracy", html)
        self.assertIn("<svg", html)
        html = self.displayed_html("explain.partial_dependence(model, test, 'month', {grid_resolution = 5})")
        self.assertIn("partial dependence on month", html)
        self.assertIn("<svg", html)
        html = self.displayed_html("train")
        self.assertIn("<th>credit_amount</th>", html)
        self.assertIn("more rows", html)
        html = self.displayed_html("tensor{{1, 2, 3}, {4, 5, 6}}")
        self.assertIn("Tensor of shape [2, 3]", html)
        self.assertIn('<td class="n">6</td>', html)
        html = self.displayed_html("tensor.zeros(100, 30)")                          # elided: 8 at each end
        self.assertEqual(html.count("<tr>"), 1 + 8 + 1 + 8)
        _, messages = self.execute("train:head(3)")
        shown = self.of_type(messages, "display_data")[0]["data"]
        self.assertEqual(shown["text/html"].count("<tr>"), 4)
        self.assertIn("credit_amount", shown["text/plain"])

    def test_rich_display(self):
        _, messages = self.execute("fair.MetricFrame{metrics = {'accuracy'}, y_true = {1, 0, 1, 0}, "
                                   "y_pred = {1, 0, 0, 0}, sensitive = {'a', 'a', 'b', 'b'}}")
        data = self.of_type(messages, "execute_result")[0]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("accuracy", data["text/plain"])
        reply, messages = self.execute("plot.bars{categories = {'a', 'b'}, series = {{name = 's', values = {1, 2}}}}\n"
                                       "display_html('<b>bold</b>')\ndisplay(tensor{1, 2})\ndisplay_svg('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')\n"
                                       "local mf = fair.MetricFrame{metrics = {'selection_rate'}, y_true = {1, 0, 1, 0}, "
                                       "y_pred = {1, 0, 0, 0}, sensitive = {'a', 'a', 'b', 'b'}}\nmf:plot()\ndisplay(mf)")
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        shown = [c["data"] for c in self.of_type(messages, "display_data")]
        self.assertTrue(shown[0]["image/svg+xml"].startswith("<svg"))
        self.assertEqual(shown[1]["text/html"], "<b>bold</b>")
        self.assertIn("Tensor of shape [2]", shown[2]["text/plain"])
        self.assertIn("Tensor of shape [2]", shown[2]["text/html"])
        self.assertEqual(shown[3]["image/svg+xml"], '<svg xmlns="http://www.w3.org/2000/svg"/>')
        self.assertIn("selection_rate", shown[4]["image/svg+xml"])                    # mf:plot() with no path
        self.assertIn("<table", shown[5]["text/html"])
        self.assertEqual(len(shown), 6)
        self.assertEqual(self.of_type(messages, "execute_result"), [])               # charts shown, not returned

    def answer_input(self, code, answers):
        """Runs code with stdin allowed, answering each input_request in turn; returns (reply, iopub, prompts)."""
        msg_id = self.kc.execute(code, allow_stdin=True)
        prompts = []
        for answer in answers:
            request = self.kc.get_stdin_msg(timeout=10)
            self.assertEqual(request["msg_type"], "input_request")
            self.assertEqual(request["parent_header"]["msg_id"], msg_id)
            prompts.append(request["content"]["prompt"])
            self.kc.input(answer)
        reply = self.kc.get_shell_msg(timeout=10)
        return reply["content"], collect(self.kc, msg_id), prompts

    def test_input_and_io_read_ask_the_front_end(self):
        reply, messages, prompts = self.answer_input("name = input('Who? ')\n'hello ' .. name", ["Ada"])
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        self.assertEqual(prompts, ["Who? "])
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "hello Ada")
        reply, messages, _ = self.answer_input("io.write('n? ')\nlocal n = io.read('n')\nlocal line = io.stdin:read()\n"
                                               "local a, b = io.read('L', 2)\nreturn n * 2, line, a, b", ["21", "a line", "x", "yz"])
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "42\ta line\tx\n\tyz")
        self.assertIn("n? ", "".join(c["text"] for c in self.of_type(messages, "stream")))
        msg_id = self.kc.execute("input('Password: ', {password = true})", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=10)["content"]
        self.assertEqual((request["prompt"], request["password"]), ("Password: ", True))
        self.kc.input("secret")
        self.assertEqual(self.kc.get_shell_msg(timeout=10)["content"]["status"], "ok")
        collect(self.kc, msg_id)

    def test_input_without_stdin_is_a_clear_error(self):
        reply, messages = self.execute("io.read()", allow_stdin=False)
        self.assertEqual(reply["status"], "error")
        self.assertIn("allow_stdin = false", self.of_type(messages, "error")[0]["evalue"])
        self.assertEqual(self.result("'after'")["text/plain"], "after")

    def test_interrupt_while_waiting_for_input(self):
        msg_id = self.kc.execute("input('never answered')", allow_stdin=True)
        self.assertEqual(self.kc.get_stdin_msg(timeout=10)["msg_type"], "input_request")
        self.interrupt_request()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual((reply["parent_header"]["msg_id"], reply["content"]["ename"]), (msg_id, "Interrupted"))
        collect(self.kc, msg_id)
        self.assertEqual(self.result("'next'")["text/plain"], "next")

    def test_wrongly_signed_and_unsigned_messages_are_ignored(self):
        for key in (b"not-the-key", b""):
            bad = Session(key=key, username="intruder")
            bad.send(self.kc.shell_channel.socket, "execute_request",
                     {"code": "intruded = true", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
            with self.assertRaises(queue.Empty):
                self.kc.get_shell_msg(timeout=1)
        while True:                                   # replies to earlier interrupt requests
            try:
                self.kc.get_control_msg(timeout=0.2)
            except queue.Empty:
                break
        bad.send(self.kc.control_channel.socket, "shutdown_request", {"restart": False})
        with self.assertRaises(queue.Empty):
            self.kc.get_control_msg(timeout=1)
        _, messages = self.execute("intruded == nil")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "true")

    def test_thousand_rapid_executes(self):
        start = time.monotonic()
        ids = [self.kc.execute("n_rapid = %d" % i) for i in range(1000)]
        replies = {}
        while len(replies) < len(ids):
            msg = self.kc.get_shell_msg(timeout=30)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual(set(replies), set(ids))
        self.assertEqual(set(replies.values()), {"ok"})
        print("1000 execute requests answered in %.2f s" % (time.monotonic() - start), file=sys.stderr)
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
        self.assertTrue(any("<h3>Data bias</h3>" in h for h in html))                  # fair.data_bias's tables
        self.assertTrue(any("<th>education</th>" in h for h in html))                  # train:head(5)
        self.assertTrue(any("<h3>Mitigation: threshold_optimizer</h3>" in h for h in html))
        self.assertTrue(all(h.startswith('<div class="fairlua">') for h in html))
        self.assertTrue(svg and all(s.startswith("<svg") for s in svg))
        streams = "".join(o.text for o in outputs if o.output_type == "stream")
        self.assertLess(streams.count("\n"), 20)                                      # no progress lines


class KernelProgressTest(KernelSession):
    """Progress bars as updating displays; they show at once here (FAIRLUA_PROGRESS_AFTER=0), however fast the build."""
    kernel_env = {"FAIRLUA_PROGRESS_AFTER": "0"}

    def progress(self, code, label):
        """Runs code; returns (the progress bar's display messages, the count of all its iopub messages)."""
        reply, messages = self.execute(code, timeout=60)
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        bars = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")
                and m["content"]["data"]["text/plain"].startswith(label)]
        self.assertEqual([m["msg_type"] for m in bars[:1]], ["display_data"])         # shown once, then updated
        self.assertEqual({m["content"]["transient"]["display_id"] for m in bars}, {bars[0]["content"]["transient"]["display_id"]})
        self.assertTrue(all(m["msg_type"] == "update_display_data" for m in bars[1:]))
        stderr = "".join(c["text"] for c in self.of_type(messages, "stream") if c["name"] == "stderr")
        self.assertNotIn(label + " [", stderr)                                          # nothing on the stream
        return bars, len(messages)

    def test_progress_bar_of_training_is_one_updating_display(self):
        bars, count = self.progress("local x = tensor.randn(4000, 4)\n"
                                    "local t = nn.Trainer(nn.Sequential():add(nn.Dense(1)), {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})\n"
                                    "local start = fairlua.clock()\n"
                                    "t:fit({x = x, y = x:select(2, 1):gt(0)}, {epochs = 100000, batch_size = 64,\n"
                                    "  on_epoch = function() return fairlua.clock() - start < 2.5 end})", "training")
        self.assertRegex(bars[0]["content"]["data"]["text/plain"], r"^training \[[#-]{24}\] \d+/100000 ")
        self.assertRegex(bars[-1]["content"]["data"]["text/plain"], r"^training: \d+/100000 in \d+\.\d s$")   # the last state stays
        self.assertLessEqual(len(bars), 2.5 * 10 + 2)                                   # at most ten redraws a second
        self.assertLess(count, 40)                                                      # of thousands of epochs

    def test_progress_bar_of_bootstrap_is_one_updating_display(self):
        bars, count = self.progress("local n = 2000\nlocal y, p, g = {}, {}, {}\n"
                                    "for i = 1, n do y[i] = i % 2; p[i] = (i // 3) % 2; g[i] = i % 3 == 0 and 'a' or 'b' end\n"
                                    "local mf = fair.MetricFrame{metrics = {'accuracy', 'selection_rate'}, y_true = y, y_pred = p, sensitive = g}\n"
                                    "local start = fairlua.clock()\nmf:ci{n = 3000, seed = 1}\nprint(fairlua.clock() - start > 1)", "bootstrap")
        last = bars[-1]["content"]["data"]["text/plain"]
        self.assertRegex(last, r"^bootstrap: \d+/3000 in \d+\.\d s$")
        # At most ten redraws a second, however long a loaded machine takes (plus the cell's own few messages).
        self.assertLess(count, 10 * float(re.search(r"in (\d+\.\d) s$", last).group(1)) + 20)


if __name__ == "__main__":
    unittest.main()
