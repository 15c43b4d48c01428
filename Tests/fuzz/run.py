#!/usr/bin/env python3
"""Runs Tests/fuzz/fuzz.lua under the fairlua binary for a list of seeds (or for a time budget with random
seeds), each in a scratch directory under a 1.5 GB address-space limit, and fails on a crash or a hang
(a call that does not return within --hang seconds), printing the call that caused it.

usage: run.py BINARY --seeds 1,2,3 --calls N      |      run.py BINARY --seconds S [--calls N]
"""
import argparse, os, random, resource, select, stat, subprocess, sys, tempfile, time

FUZZ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz.lua")


def limit_memory():
    # 1.5 GB of address space: allocations beyond it are errors, and no single call holds the machine's memory
    # or spends minutes on a legitimately huge tensor.
    resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))


def run_seed(binary, seed, calls, hang):
    """Returns (calls made, None) or (calls made, failure description)."""
    with tempfile.TemporaryDirectory(prefix="fairlua-fuzz-") as scratch:
        proc = subprocess.Popen([binary, "--quiet", FUZZ, str(seed), str(calls)], cwd=scratch,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=limit_memory)
        tail, buffer, last_call, made = [], b"", "(none)", 0
        deadline = time.monotonic() + hang
        while True:
            ready, _, _ = select.select([proc.stderr], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                proc.kill()
                proc.wait()
                return made, f"seed {seed}: hang (no return within {hang} s) in call {last_call}"
            chunk = os.read(proc.stderr.fileno(), 1 << 16)
            if not chunk:
                break
            deadline = time.monotonic() + hang
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                text = line.decode("utf-8", "replace")
                head = text.split(" ", 1)[0]
                if head.startswith("@") and head[1:].isdigit():
                    made, last_call = int(head[1:]), text[:2000]
                else:
                    tail = (tail + [text])[-400:]
        code = proc.wait()
        if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
            return made, f"seed {seed}: /dev/null is no longer a device (a call replaced it)"
        finished = any(t.startswith("fuzz: ") and t.endswith("no crash") for t in tail)
        if code != 0 or not finished:
            useful = [t for t in tail if "Fatal" in t or "rror" in t or "Sources/" in t or "Signal" in t]
            return made, f"seed {seed}: exit code {code} in call {last_call}\n" + "\n".join(useful[:20])
        return made, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seeds", help="comma-separated seeds")
    parser.add_argument("--seconds", type=float, help="run random seeds for this long")
    parser.add_argument("--calls", type=int, default=20000, help="calls per seed")
    parser.add_argument("--hang", type=float, default=60, help="seconds one call may take")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    total, seeds, failures = 0, 0, []
    start = time.monotonic()
    if args.seeds:
        plan = (int(s) for s in args.seeds.split(","))
    else:
        plan = iter(lambda: random.randrange(1, 2**31), None)
    for seed in plan:
        if args.seconds is not None and time.monotonic() - start > args.seconds:
            break
        made, failure = run_seed(args.binary, seed, args.calls, args.hang)
        total += made
        seeds += 1
        if failure:
            failures.append(failure)
            print(failure, file=sys.stderr, flush=True)
    print(f"fuzz: {total} calls over {seeds} seeds, {len(failures)} crashes or hangs, {time.monotonic() - start:.0f} s",
          flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
