#!/usr/bin/env python3
"""Image fixtures for FairLua's ImageFolderDataset, written with Pillow and scikit-learn.

Re-run (from the repository root):

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install scikit-learn pillow
    /tmp/refvenv/bin/python Tests/reference/generate_images.py

Writes
- Tests/fixtures/digits/{train,test}/<digit>/<index>.png: scikit-learn's bundled 8x8 digits (BSD licence,
  from the wheel; 1,797 images of 0..16 ink, stored as 8-bit grey, value * 255 / 16 rounded), split 75/25
  stratified by digit with random_state 0, and groups.csv (path,group) in each folder: a synthetic group,
  "heavy" when an image's total ink is above the median of all images, "light" otherwise;
- Tests/fixtures/images/: one small image per decoder case (grey, grey+alpha, palette, RGB, RGBA in 8 and 16
  bits, grey and colour JPEG) plus broken files (truncated PNG and JPEG, bytes that are no image, an image
  of another size), and images_reference.json with every image's size, channels, bit depth and pixels
  (height x width x channels, row-major) as Pillow decodes them.
"""
import csv
import json
import os
import shutil

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def write_digits():
    root = os.path.join(FIXTURES, "digits")
    shutil.rmtree(root, ignore_errors=True)
    digits = load_digits()
    images = np.rint(digits.images * 255.0 / 16.0).astype(np.uint8)
    ink = digits.images.reshape(len(images), -1).sum(axis=1)
    heavy = ink > np.median(ink)
    index = np.arange(len(images))
    train, test = train_test_split(index, test_size=0.25, random_state=0, stratify=digits.target)
    for part, rows in (("train", train), ("test", test)):
        os.makedirs(os.path.join(root, part))
        with open(os.path.join(root, part, "groups.csv"), "w", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(["path", "group"])
            for i in sorted(rows):
                name = f"{digits.target[i]}/{i:04d}.png"
                os.makedirs(os.path.join(root, part, str(digits.target[i])), exist_ok=True)
                Image.fromarray(images[i], mode="L").save(os.path.join(root, part, name), optimize=True)
                out.writerow([name, "heavy" if heavy[i] else "light"])
    return {"train": len(train), "test": len(test), "classes": 10,
            "heavy_train": int(heavy[train].sum()), "heavy_test": int(heavy[test].sum())}


def write_cases():
    root = os.path.join(FIXTURES, "images")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    rng = np.random.default_rng(7)
    h, w = 3, 4
    cases = {}

    def save(name, image, **kwargs):
        image.save(os.path.join(root, name), **kwargs)

    gray = rng.integers(0, 256, (h, w), dtype=np.uint8)
    save("gray8.png", Image.fromarray(gray, mode="L"))
    gray16 = rng.integers(0, 65536, (h, w), dtype=np.uint16)
    save("gray16.png", Image.fromarray(gray16.astype(np.int32), mode="I").convert("I;16"))
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    save("rgb8.png", Image.fromarray(rgb, mode="RGB"))
    rgba = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    save("rgba8.png", Image.fromarray(rgba, mode="RGBA"))
    la = rng.integers(0, 256, (h, w, 2), dtype=np.uint8)
    save("gray_alpha8.png", Image.fromarray(la, mode="LA"))
    save("palette.png", Image.fromarray(rgb, mode="RGB").quantize(colors=4))
    smooth = np.stack([np.add.outer(np.arange(8) * 20, np.arange(8) * 10) + c * 5 for c in range(3)], axis=-1).astype(np.uint8)
    save("rgb.jpg", Image.fromarray(smooth, mode="RGB"), quality=95)
    save("gray.jpg", Image.fromarray(smooth[:, :, 0], mode="L"), quality=95)
    save("wide.png", Image.fromarray(rng.integers(0, 256, (h, w + 2), dtype=np.uint8), mode="L"))

    for name in ("gray8.png", "gray16.png", "rgb8.png", "rgba8.png", "gray_alpha8.png", "palette.png",
                 "rgb.jpg", "gray.jpg", "wide.png"):
        image = Image.open(os.path.join(root, name))
        if image.mode == "P":
            image = image.convert("RGB")
        pixels = np.asarray(image)
        if name == "gray16.png":
            pixels = np.asarray(image, dtype=np.uint16)
        depth = 16 if name.endswith("16.png") else 8
        channels = 1 if pixels.ndim == 2 else pixels.shape[2]
        cases[name] = {"height": int(pixels.shape[0]), "width": int(pixels.shape[1]), "channels": channels,
                       "bit_depth": depth, "pixels": pixels.reshape(-1).astype(int).tolist()}

    # A 16-bit RGB image (Pillow cannot write one; written with numpy and zlib as a minimal PNG).
    rgb16 = rng.integers(0, 65536, (h, w, 3), dtype=np.uint16)
    write_png16_rgb(os.path.join(root, "rgb16.png"), rgb16)
    cases["rgb16.png"] = {"height": h, "width": w, "channels": 3, "bit_depth": 16,
                          "pixels": rgb16.reshape(-1).astype(int).tolist()}

    with open(os.path.join(root, "rgb8.png"), "rb") as f:
        png = f.read()
    with open(os.path.join(root, "truncated.png"), "wb") as f:
        f.write(png[: len(png) // 2])
    with open(os.path.join(root, "rgb.jpg"), "rb") as f:
        jpg = f.read()
    with open(os.path.join(root, "truncated.jpg"), "wb") as f:
        f.write(jpg[: len(jpg) // 2])
    with open(os.path.join(root, "garbage.png"), "wb") as f:
        f.write(b"this is not an image\n" * 4)
    return cases


def write_png16_rgb(path, pixels):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].astype(">u2").tobytes() for y in range(h))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + body)


def main():
    digits = write_digits()
    cases = write_cases()
    with open(os.path.join(FIXTURES, "images", "images_reference.json"), "w") as f:
        json.dump({"digits": digits, "images": cases}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
