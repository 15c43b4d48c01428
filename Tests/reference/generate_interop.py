#!/usr/bin/env python3
"""Interop fixtures: the files Python users hand over, written by NumPy, pandas and safetensors.

Re-run (from the repository root):

    python3 -m venv .build/interop-venv && .build/interop-venv/bin/pip install numpy pandas safetensors ml_dtypes torch
    .build/interop-venv/bin/python Tests/reference/generate_interop.py [--fairlua .build/debug/fairlua]

Writes Tests/fixtures/interop/:
- npy/: one .npy per case: every dtype (bool, int8..64, uint8..64, float16/32/64) in C and Fortran order and
  both byte orders; format versions 1.0, 2.0, 3.0; a 0-d array, an empty array, a 3-d Fortran array, float64
  ids above 2^24; and refused kinds (object, structured, unicode, a pickle);
- npz/: np.savez (stored) and np.savez_compressed (deflate) archives;
- csv/: a scored CSV as pandas writes it (index column, True/False labels), gzip-compressed by pandas, and
  the same gzip bytes under a name without .gz (gzip is detected by its magic bytes);
- safetensors/: pytorch.safetensors, one tensor per dtype (F32, F16, BF16, F64, I64, I32, U8, BOOL) saved by
  PyTorch through safetensors.torch.save_file (torch from PyPI, run on the CPU); all_dtypes.safetensors, the
  same dtypes through safetensors' own serializer from NumPy (BF16 by ml_dtypes); a 0-d and an empty tensor;
- bad/: corrupt variants (truncated, wrong header length, bad CRC in npz and gzip, overlapping, out-of-range
  and near-2^63 safetensors offsets, trailing data, hostile .npy shapes);
- interop_reference.json: for every readable file, its tensors' shapes and values as FairLua must read them
  (NumPy's arr.astype(np.float32) in C order; NaN and infinities as strings), whether a precision warning is
  due, and for each bad file a fragment of the expected error.

With --fairlua, also checks that NumPy and safetensors read back what the fairlua binary writes
(t:save with float32/int64/bool, tensor.save_npz, tensor.save_safetensors) and writes the outcome to
interop_readback.json.
"""
import argparse
import gzip
import io
import json
import os
import pickle
import shutil
import struct
import subprocess
import tempfile
import zipfile

import ml_dtypes
import numpy as np
import pandas as pd
import torch
from safetensors.torch import load_file as torch_load_file, save_file as torch_save_file
from safetensors import TensorSpec, serialize_file
from safetensors.numpy import load_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "interop")
REFERENCE = {"npy": {}, "npz": {}, "safetensors": {}, "csv": {}, "bad": {}}


def values(arr):
    """The values FairLua must read: float32 in C order, non-finite values as strings."""
    with np.errstate(over="ignore"):
        flat = np.ascontiguousarray(np.asarray(arr).astype(np.float32)).reshape(-1)
    out = []
    for v in flat.tolist():
        if v != v:
            out.append("nan")
        elif v in (float("inf"), float("-inf")):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(v)
    return out


def loses_integers(arr):
    """Whether FairLua warns: some integer of a 32/64-bit integer or float64 array is not exact in float32."""
    arr = np.asarray(arr)
    if arr.dtype.kind in "iu" and arr.dtype.itemsize >= 4:
        return any(int(np.float32(v)) != int(v) if np.isfinite(np.float32(v)) else True for v in arr.reshape(-1).tolist())
    if arr.dtype.kind == "f" and arr.dtype.itemsize == 8:
        with np.errstate(over="ignore"):
            return any(np.isfinite(np.float32(v)) and v == np.floor(v) and float(np.float32(v)) != v for v in arr.reshape(-1).tolist())
    return False


def entry(arr):
    return {"shape": list(np.shape(arr)), "values": values(arr), "warning": loses_integers(arr)}


def sample(dtype, shape):
    """Values that exercise each type: negatives, extremes, fractions, NaN and infinities for floats."""
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind == "b":
        base = np.array([(i * 7) % 3 == 0 for i in range(n)])
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        pool = [0, 1, info.max, info.min, 2, info.max - 1, 100 % (int(info.max) + 1), 7]
        if dt.kind == "i":
            pool += [-1, -100 % 128 * -1]
        base = np.array([pool[i % len(pool)] for i in range(n)], dtype=dt)
    else:
        pool = [0.0, -0.0, 1.5, -2.25, 1 / 3, 65504.0, 6.1e-5, float("nan"), float("inf"), -float("inf"), 1e-8, 3.14159]
        if dt == np.float64:
            pool += [1e300, 16777217.0, 0.1]
        base = np.array([pool[i % len(pool)] for i in range(n)]).astype(dt)
    return base.reshape(shape)


def save_npy(name, arr, version=None):
    path = os.path.join(OUT, "npy", name)
    if version is None:
        np.save(path, arr)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
    REFERENCE["npy"][name] = entry(arr)
    return path


def bad(folder, name, data, error):
    path = os.path.join(OUT, "bad", name)
    with open(path, "wb") as f:
        f.write(data)
    REFERENCE["bad"][name] = {"kind": folder, "error": error}


def npy_cases():
    types = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64"]
    for t in types:
        for order in ["C", "F"]:
            for endian in ["<", ">"]:
                dt = np.dtype(t).newbyteorder(endian) if np.dtype(t).itemsize > 1 else np.dtype(t)
                if np.dtype(t).itemsize == 1 and endian == ">":
                    continue
                arr = np.asarray(sample(t, (3, 5)).astype(dt), order=order)
                tag = {"<": "le", ">": "be"}[endian]
                name = f"{t}_{order}_{tag}.npy"
                assert (b"True" in open(save_npy(name, arr), "rb").read(128)) == (order == "F")
    for v in [(1, 0), (2, 0), (3, 0)]:
        save_npy(f"version{v[0]}.npy", np.arange(6, dtype=np.float32).reshape(2, 3), version=v)
    save_npy("scalar.npy", np.array(2.5, dtype=np.float64))
    save_npy("empty.npy", np.zeros((0, 3), dtype=np.float32))
    save_npy("fortran3d.npy", np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4)))
    save_npy("fortran4d_be.npy", np.asfortranarray(np.arange(120, dtype=">f8").reshape(2, 3, 4, 5)))
    save_npy("transposed.npy", np.arange(12, dtype=np.float32).reshape(3, 4).T)
    save_npy("ids_float64.npy", np.array([1.0, 16777216.0, 16777217.0, 123456789.0]))
    save_npy("ids_int64.npy", np.array([3, 2 ** 40 + 1], dtype=np.int64))

    # refused: each error names what NumPy wrote and how to save it instead
    refused = {
        "object.npy": (np.array([1, "a", None], dtype=object), "Python objects"),
        "structured.npy": (np.zeros(3, dtype=[("a", "<f4"), ("b", "<i8")]), "structured array"),
        "unicode.npy": (np.array(["x", "yz"]), "unicode strings"),
        "complex.npy": (np.array([1 + 2j]), "complex numbers"),
    }
    for name, (arr, error) in refused.items():
        buf = io.BytesIO()
        np.save(buf, arr, allow_pickle=True)
        bad("npy", name, buf.getvalue(), error)
    bad("npy", "pickle.npy", pickle.dumps([1.0, 2.0]), "is a Python pickle")

    good = open(os.path.join(OUT, "npy", "float32_C_le.npy"), "rb").read()
    bad("npy", "truncated.npy", good[:-7], "truncated: 15 values of 4 bytes expected")
    bad("npy", "truncated_header.npy", good[:40], "truncated: the header says")
    wrong = bytearray(good)
    wrong[8] = (wrong[8] + 5) % 256      # header length off by 5: the dict no longer ends where the header does
    bad("npy", "wrong_header_length.npy", bytes(wrong), "unreadable header")
    bad("npy", "bad_magic.npy", b"\x93NUMPX" + good[6:], "not a .npy file (bad magic)")

    def with_shape(shape_text):
        header = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % shape_text
        header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + b"\0" * 16
    bad("npy", "huge_shape.npy", with_shape("(%d,)" % 2 ** 61), "is too large to load")
    bad("npy", "huge_empty_shape.npy", with_shape("(%d, 0)" % 2 ** 60), "is too large to load")
    bad("npy", "overflow_shape.npy", with_shape("(%d, %d)" % (2 ** 40, 2 ** 40)), "is too large to load")
    bad("npy", "beyond_int64_shape.npy", with_shape("(%d,)" % 2 ** 64), "unreadable header")
    bad("npy", "negative_shape.npy", with_shape("(-1,)"), "bad shape")


def npz_cases():
    arrays = {
        "weights": np.asfortranarray(sample("float32", (4, 3))),
        "ids": np.arange(5, dtype=np.int64),
        "mask": np.array([True, False, True]),
        "scalar": np.array(7, dtype=np.uint8),
    }
    for name, save in [("stored.npz", np.savez), ("compressed.npz", np.savez_compressed)]:
        path = os.path.join(OUT, "npz", name)
        save(path, **arrays)
        REFERENCE["npz"][name] = {k: entry(v) for k, v in arrays.items()}
    stored = open(os.path.join(OUT, "npz", "stored.npz"), "rb").read()
    compressed = open(os.path.join(OUT, "npz", "compressed.npz"), "rb").read()
    def data_start(archive, member):
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            info = z.getinfo(member)
        name_length, extra_length = struct.unpack("<HH", archive[info.header_offset + 26:info.header_offset + 30])
        return info.header_offset + 30 + name_length + extra_length, info
    broken = bytearray(stored)
    start, info = data_start(stored, "weights.npy")
    broken[start + info.file_size - 1] ^= 0xFF               # last byte of the array data
    bad("npz", "bad_crc.npz", bytes(broken), "CRC")
    bad("npz", "truncated.npz", stored[: len(stored) // 2], "not a zip archive")
    broken = bytearray(compressed)
    start, info = data_start(compressed, "weights.npy")
    for k in range(4, 12):
        broken[start + k] ^= 0x55
    bad("npz", "bad_deflate.npz", bytes(broken), "weights.npy")


def csv_cases():
    rng = np.random.default_rng(0)
    n = 200
    df = pd.DataFrame({
        "label": rng.random(n) < 0.4,
        "prediction": rng.random(n) < 0.5,
        "score": np.round(rng.random(n), 4),
        "sex": rng.choice(["Female", "Male"], n),
    })
    os.makedirs(os.path.join(OUT, "csv"), exist_ok=True)
    df.to_csv(os.path.join(OUT, "csv", "scored.csv"))                         # index column named ""
    df.to_csv(os.path.join(OUT, "csv", "scored.csv.gz"), compression={"method": "gzip", "mtime": 0})
    shutil.copy(os.path.join(OUT, "csv", "scored.csv.gz"), os.path.join(OUT, "csv", "scored_gzip_no_suffix.csv"))
    again = pd.read_csv(os.path.join(OUT, "csv", "scored.csv"))            # the index comes back as "Unnamed: 0"
    again.to_csv(os.path.join(OUT, "csv", "scored_unnamed.csv"), index=False)
    with open(os.path.join(OUT, "csv", "scored_multimember.csv.gz"), "wb") as f:
        text = df.to_csv().encode()
        cut = text.index(b"\n", len(text) // 2) + 1
        f.write(gzip.compress(text[:cut], mtime=0) + gzip.compress(text[cut:], mtime=0))
    REFERENCE["csv"]["scored"] = {
        "columns": ["label", "prediction", "score", "sex"],
        "label": df["label"].astype(int).tolist(),
        "prediction": df["prediction"].astype(int).tolist(),
        "score": df["score"].tolist(),
        "sex": df["sex"].tolist(),
        "index": list(range(n)),
    }
    gz = open(os.path.join(OUT, "csv", "scored.csv.gz"), "rb").read()
    broken = bytearray(gz)
    broken[-8] ^= 0xFF                                                       # the CRC-32 in the trailer
    bad("csv", "bad_crc.csv.gz", bytes(broken), "CRC")
    bad("csv", "truncated.csv.gz", gz[: len(gz) // 2], "truncated")


def safetensors_cases():
    keep = []

    def spec(arr):
        arr = arr if arr.flags.c_contiguous else np.ascontiguousarray(arr)   # (ascontiguousarray makes 0-d arrays 1-d)
        keep.append(arr)
        return TensorSpec(dtype=arr.dtype.name, shape=arr.shape, data_ptr=arr.ctypes.data, data_len=arr.nbytes)
    arrays = {
        "F32": sample("float32", (2, 3)),
        "F16": sample("float16", (3, 2)),
        "F64": sample("float64", (5,)),
        "I64": sample("int64", (2, 2)),
        "I32": sample("int32", (4,)),
        "U8": sample("uint8", (2, 4)),
        "BOOL": sample("bool", (3,)),
        "BF16": sample("float32", (2, 2, 2)).astype(ml_dtypes.bfloat16),
    }
    tensors = {f"t_{k.lower()}": spec(v) for k, v in arrays.items()}
    path = os.path.join(OUT, "safetensors", "all_dtypes.safetensors")
    serialize_file(tensors, path, metadata={"format": "pt"})
    REFERENCE["safetensors"]["all_dtypes.safetensors"] = {f"t_{k.lower()}": entry(v.astype(np.float32)) for k, v in arrays.items()}
    torch_tensors = {f"t_{k.lower()}": torch.from_numpy(np.ascontiguousarray(v.astype(np.float32) if k == "BF16" else v))
                     for k, v in arrays.items()}
    torch_tensors["t_bf16"] = torch_tensors["t_bf16"].to(torch.bfloat16)
    torch_save_file(torch_tensors, os.path.join(OUT, "safetensors", "pytorch.safetensors"))
    REFERENCE["safetensors"]["pytorch.safetensors"] = {k: entry(v.to(torch.float32).numpy()) for k, v in torch_tensors.items()}
    scalar = {"s": spec(np.array(1.25, np.float32)), "e": spec(np.zeros((0, 4), np.float32))}
    serialize_file(scalar, os.path.join(OUT, "safetensors", "scalar_empty.safetensors"))
    REFERENCE["safetensors"]["scalar_empty.safetensors"] = {"s": entry(np.float32(1.25)), "e": entry(np.zeros((0, 4), np.float32))}

    def handmade(header, data, pad=True):
        text = json.dumps(header, separators=(",", ":")).encode()
        if pad:
            text += b" " * ((8 - len(text) % 8) % 8)
        return struct.pack("<Q", len(text)) + text + data
    eight = b"\0" * 16
    f32 = lambda shape, a, b: {"dtype": "F32", "shape": shape, "data_offsets": [a, b]}
    bad("safetensors", "overlapping.safetensors", handmade({"a": f32([2], 0, 8), "b": f32([2], 4, 12)}, eight[:12]), "overlap")
    bad("safetensors", "out_of_range.safetensors", handmade({"a": f32([4], 0, 16)}, eight[:8]), "out of range")
    bad("safetensors", "near_2_63.safetensors",
        handmade({"a": f32([2], 2 ** 63 - 8, 2 ** 63 - 1)}, eight[:8]), "out of range")
    bad("safetensors", "beyond_int64.safetensors", handmade({"a": f32([2], 0, 2 ** 64 + 8)}, eight[:8]), "data_offsets")
    bad("safetensors", "trailing.safetensors", handmade({"a": f32([2], 0, 8)}, eight), "trailing")
    bad("safetensors", "gap.safetensors", handmade({"a": f32([1], 0, 4), "b": f32([1], 8, 12)}, eight[:12]), "gap")
    bad("safetensors", "unknown_dtype.safetensors", handmade({"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}, eight[:8]), "dtype 'C64'")
    bad("safetensors", "shape_mismatch.safetensors", handmade({"a": f32([3], 0, 8)}, eight[:8]), "3 values of 4 bytes")
    bad("safetensors", "huge_shape.safetensors", handmade({"a": f32([2 ** 61, 8], 0, 8)}, eight[:8]), "too large")
    bad("safetensors", "huge_header.safetensors", struct.pack("<Q", 2 ** 62) + b"{}", "header")
    bad("safetensors", "truncated.safetensors", open(path, "rb").read()[:-3], "out of range")
    bad("safetensors", "not_json.safetensors", handmade({}, b"")[:8] + b"{\"a\": [" , "header")


def readback(fairlua):
    """NumPy and safetensors read what the fairlua binary writes."""
    tmp = tempfile.mkdtemp(prefix="fairlua-interop-")
    script = f"""
    local t = tensor({{{{1.5, -2, 3}}, {{4, 16777216, -0.25}}}})
    t:save("{tmp}/f32.npy")
    tensor({{{{1, -2, 3}}, {{4, 5, 9007199254740992}}}}):save("{tmp}/i64.npy", {{dtype = "int64"}})
    tensor({{0, 1, 2, 0}}):save("{tmp}/bool.npy", {{dtype = "bool"}})
    tensor(7):save("{tmp}/scalar.npy")
    tensor.save_npz("{tmp}/arrays.npz", {{a = t, b = tensor({{1, 2}})}})
    tensor.save_safetensors("{tmp}/arrays.safetensors", {{a = t, b = tensor({{1, 2}})}})
    """
    subprocess.run([fairlua, "-e", script], check=True)
    checks = {
        "f32.npy": (np.load(f"{tmp}/f32.npy"), np.array([[1.5, -2, 3], [4, 16777216, -0.25]], np.float32)),
        "i64.npy": (np.load(f"{tmp}/i64.npy"), np.array([[1, -2, 3], [4, 5, 9007199254740992]], np.int64)),
        "bool.npy": (np.load(f"{tmp}/bool.npy"), np.array([False, True, True, False])),
        "scalar.npy": (np.load(f"{tmp}/scalar.npy"), np.array(7, np.float32)),
    }
    with np.load(f"{tmp}/arrays.npz") as z:
        checks["arrays.npz:a"] = (z["a"], checks["f32.npy"][1])
        checks["arrays.npz:b"] = (z["b"], np.array([1, 2], np.float32))
    st = load_file(f"{tmp}/arrays.safetensors")
    pt = torch_load_file(f"{tmp}/arrays.safetensors")
    checks["arrays.safetensors:a (torch)"] = (pt["a"].numpy(), checks["f32.npy"][1])
    checks["arrays.safetensors:a"] = (st["a"], checks["f32.npy"][1])
    checks["arrays.safetensors:b"] = (st["b"], np.array([1, 2], np.float32))
    result = {}
    for name, (got, want) in checks.items():
        ok = got.dtype == want.dtype and got.shape == want.shape and np.array_equal(got, want)
        result[name] = {"dtype": str(got.dtype), "shape": list(got.shape), "equal": bool(ok)}
        assert ok, (name, got, want)
    shutil.rmtree(tmp)
    with open(os.path.join(OUT, "interop_readback.json"), "w") as f:
        json.dump({"numpy": np.__version__, "checks": result}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"readback: {len(result)} files written by fairlua read back exactly by NumPy / safetensors")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fairlua", help="path of a built fairlua binary, to check NumPy reads what it writes")
    args = parser.parse_args()
    for sub in ["npy", "npz", "csv", "safetensors", "bad"]:
        shutil.rmtree(os.path.join(OUT, sub), ignore_errors=True)
        os.makedirs(os.path.join(OUT, sub))
    npy_cases()
    npz_cases()
    csv_cases()
    safetensors_cases()
    with open(os.path.join(OUT, "interop_reference.json"), "w") as f:
        json.dump(REFERENCE, f, indent=0, sort_keys=True)
        f.write("\n")
    print(f"wrote {sum(len(v) for v in REFERENCE.values())} fixtures to {os.path.normpath(OUT)}")
    if args.fairlua:
        readback(args.fairlua)


if __name__ == "__main__":
    main()
