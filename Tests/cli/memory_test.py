"""Memory exhaustion is an error, not an abort (issue 15), under a 4 GB address-space limit (ulimit -v)."""
import resource
import subprocess
import unittest

from fairlua_cli import BIN


def limited(code):
    """Runs `fairlua -e code` with RLIMIT_AS at 4 GB; returns (exit code, stdout, stderr)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (4_000_000 << 10, 4_000_000 << 10))
    p = subprocess.run([BIN, "-e", code], capture_output=True, text=True, timeout=120, preexec_fn=limit)
    return p.returncode, p.stdout, p.stderr


class MemoryTest(unittest.TestCase):
    def test_tensor_beyond_the_address_space_limit(self):
        code, out, _ = limited("print(pcall(tensor.zeros, 2^30))")
        self.assertEqual(code, 0)
        self.assertIn("false\t'full': [1073741824] needs 4 GiB; the process can get", out)

    def test_lua_table_fill_is_a_memory_error_for_pcall(self):
        code, out, _ = limited("local ok, e = pcall(function() local t = {} for i = 1, 1e10 do t[i] = i end end) "
                               "collectgarbage() print(ok, e)")
        self.assertEqual((code, out), (0, "false\tnot enough memory\n"))


if __name__ == "__main__":
    unittest.main()
