"""Every example of README.md runs as written (README, "Development", says how):

- the ```lua blocks of each section (a `##` or `###` heading) run in order, concatenated into one script,
  in a fresh Lua state (`fairlua --quiet SECTION.lua`); a block whose first line is a comment naming a
  `*_test.lua` file is that test file instead, run with `fairlua test`;
- the ```sh and ```console blocks run after every Lua section, line by line, through bash, with `fairlua`
  the built binary (a `$ ` prompt is dropped, a trailing `\\` continues the line); every command of such
  a block must start with `fairlua`, unless the fence says ```sh not-run: REASON (the block is shown only);
- everything runs in one temporary directory holding links to the checkout's Tests/ and scripts/, so
  files one example writes (`adult.safetensors`) are there for the next, and nothing is written in the tree.

Each failing block fails the test with its README line, the command and its output."""
import os
import re
import subprocess
import tempfile
import unittest

from fairlua_cli import BIN, ROOT

README = os.path.join(ROOT, "README.md")
TIMEOUT = 600
FENCE = re.compile(r"^```(\S*)\s*(.*)$")


def blocks(text):
    """The fenced blocks of a Markdown text: (section heading, language, info rest, first line number, lines)."""
    found, section, fence = [], "(top)", None
    for number, line in enumerate(text.split("\n"), 1):
        match = FENCE.match(line.strip())
        if fence is None and line.startswith("#"):
            section = line.lstrip("#").strip()
        elif fence is None and match:
            fence = (section, match.group(1), match.group(2), number + 1, [])
        elif fence is not None and line.strip() == "```":
            found.append(fence)
            fence = None
        elif fence is not None:
            fence[4].append(line)
    return found


def lua_sections(found):
    """Lua scripts and test files in README order: (section, first line, kind "script"|"test", name, source)."""
    sections = []
    for section, language, _, first, lines in found:
        if language != "lua":
            continue
        test_file = re.match(r"^--\s*(\S*_test\.lua)\b", lines[0]) if lines else None
        if test_file:
            sections.append((section, first, "test", os.path.basename(test_file.group(1)), "\n".join(lines) + "\n"))
        elif sections and sections[-1][0] == section and sections[-1][2] == "script":
            s = sections[-1]
            sections[-1] = (s[0], s[1], "script", s[3], s[4] + "\n".join(lines) + "\n")
        else:
            sections.append((section, first, "script", f"readme_{len(sections) + 1}.lua", "\n".join(lines) + "\n"))
    return sections


def commands(found):
    """Command-line examples: (first line, command) for runnable ones, (first line, reason) for not-run blocks."""
    runnable, shown = [], []
    for _, language, rest, first, lines in found:
        if language not in ("sh", "console"):
            continue
        if rest.startswith("not-run"):
            shown.append((first, rest))
            continue
        joined, pending = [], ""
        for line in lines:
            line = line[2:] if line.startswith("$ ") else line
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            joined.append(pending + line)
            pending = ""
        for command in (c.strip() for c in joined):
            if command and not command.startswith("#"):
                runnable.append((first, command))
    return runnable, shown


class ReadmeTest(unittest.TestCase):
    def test_every_example_runs(self):
        with open(README) as f:
            found = blocks(f.read())
        runnable, shown = commands(found)
        for first, command in runnable:
            self.assertTrue(command.startswith("fairlua "),
                            f"README.md:{first}: `{command}` is neither a fairlua command nor in a ```sh not-run block")
        with tempfile.TemporaryDirectory(prefix="fairlua-readme-") as work:
            for name in ("Tests", "scripts"):
                os.symlink(os.path.join(ROOT, name), os.path.join(work, name))
            bindir = os.path.join(work, ".bin")
            os.mkdir(bindir)
            os.symlink(os.path.abspath(BIN), os.path.join(bindir, "fairlua"))
            env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], FAIRLUA_HISTORY="")
            env.pop("FAIRLUA_PLUGINS", None)
            ran = 0
            for section, first, kind, name, source in lua_sections(found):
                with open(os.path.join(work, name), "w") as f:
                    f.write(source)
                argv = [BIN, "test", name] if kind == "test" else [BIN, "--quiet", name]
                with self.subTest(section=section, line=first):
                    p = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT)
                    self.assertEqual(p.returncode, 0, f"README.md:{first} ({section}):\n{p.stdout[-3000:]}{p.stderr}")
                ran += 1
            for first, command in runnable:
                with self.subTest(line=first, command=command):
                    p = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True,
                                       timeout=TIMEOUT)
                    self.assertEqual(p.returncode, 0, f"README.md:{first}: {command}\n{p.stdout[-3000:]}{p.stderr}")
                ran += 1
            self.assertGreaterEqual(ran, 15)
            self.assertTrue(all(reason.startswith("not-run:") and len(reason) > len("not-run: ")
                                for _, reason in shown), f"a not-run block must give its reason: {shown}")


if __name__ == "__main__":
    unittest.main()
