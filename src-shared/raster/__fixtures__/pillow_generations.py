#!/usr/bin/python3
"""Polygon fills drawn by real Pillow releases, for the rasterizer's generation tests.

Only uses whatever `PIL` is importable (point PYTHONPATH at a Pillow build's `src` folder); it builds
nothing. The committed generations.json was drawn with Pillow 9.2.0, 9.4.0, 9.5.0, 11.0.0, 11.1.0,
11.2.1, 11.3.0, 12.0.0 and 12.3.0, each built from its release tag.

  pillow_generations.py add        draw the committed cases with this PIL, add its masks to generations.json
  pillow_generations.py fresh SEED COUNT
                                   print {"pillow", "cases", "masks"} for COUNT new seeded random cases as JSON
                                   (used by `npm run fixtures -- --pillow DIR`, which compares them with segstudio)

A case is an image ("L", or "I" for the 32-bit path instanceIds use) of imgWidth x imgHeight, zero
filled, on which object k's polygon is drawn with ImageDraw.polygon(fill=k + 1), as the official
json2labelImg does. A mask is the image's bytes (values < 256), zlib-compressed and base64-encoded.
"""
import base64
import json
import math
import os
import random
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "generations.json")


def hand_made_cases():
    cases = []

    def add(name, w, h, polygons, mode="L"):
        cases.append({"name": name, "mode": mode, "imgWidth": w, "imgHeight": h, "polygons": polygons})

    add("issue-14-car-row-7", 8, 8, [[[5, 6], [6, 5], [3, 7]]])
    add("issue-14-car-row-7-32bit", 8, 8, [[[5, 6], [6, 5], [3, 7]]], mode="I")
    add("diamond", 24, 24, [[[12, 1], [22, 11], [12, 21], [2, 11]]])
    add("thin-sliver-reversed-spans", 24, 24, [[[3, 0], [4, 23], [3.5, 23]], [[0, 11.5], [23, 12], [0, 12.2]]])
    add("steep-triangle", 12, 12, [[[2, 1], [3, 10], [9, 4]]])
    add("shallow-triangles", 16, 8, [[[0, 0], [15, 1], [7, 2]], [[1, 7], [14, 5], [2, 4]]])
    add("bowtie", 24, 20, [[[2, 2], [21, 17], [21, 2], [2, 17]]])
    add("pentagram", 32, 32, [[[16, 1], [25, 30], [2, 11], [30, 11], [7, 30]]])
    add("concave-arrow", 24, 20, [[[2, 2], [20, 10], [2, 18], [9, 10]]])
    add("staircase", 20, 16, [[[1, 1], [5, 1], [5, 4], [9, 4], [9, 8], [13, 8], [13, 12], [1, 12]]])
    add("far-outside", 16, 12, [[[-1000, -1000], [1000, -900], [5, 1000]]])
    add("last-row-corner", 10, 6, [[[1, 5], [5, 2], [9, 5]], [[2, 0], [5, 3], [8, 0]]])
    return cases


def random_polygon(rng, w, h):
    kind = rng.choice(["tiny-integer", "integer", "fractional", "star", "rectilinear", "far", "repeated"])
    n = rng.randint(3, 8)
    if kind == "tiny-integer":
        return [[rng.randint(-1, w), rng.randint(-1, h)] for _ in range(rng.randint(3, 4))]
    if kind == "integer":
        return [[rng.randint(-2, w + 1), rng.randint(-2, h + 1)] for _ in range(n)]
    if kind == "fractional":
        return [[round(rng.uniform(-3, w + 3), 3), round(rng.uniform(-3, h + 3), 3)] for _ in range(n)]
    if kind == "star":
        cx, cy, k = rng.uniform(0, w), rng.uniform(0, h), rng.randint(3, 7)
        pts = []
        for i in range(2 * k):
            r = rng.uniform(2, max(w, h) / 2) if i % 2 == 0 else rng.uniform(0.5, 3)
            pts.append([round(cx + r * math.cos(math.pi * i / k), 2), round(cy + r * math.sin(math.pi * i / k), 2)])
        return pts
    if kind == "rectilinear":
        x, y = rng.randint(0, w), rng.randint(0, h)
        pts = [[x, y]]
        for i in range(rng.randint(3, 8)):
            if i % 2 == 0:
                x = rng.randint(0, w)
            else:
                y = rng.randint(0, h)
            pts.append([x, y])
        return pts
    if kind == "far":
        return [[rng.randint(-3000, 3000), rng.randint(-3000, 3000)] for _ in range(n)]
    base = [[rng.randint(0, w), rng.randint(0, h)] for _ in range(rng.randint(2, 6))]
    return [p for p in base for _ in range(rng.randint(1, 3))]


def random_cases(seed, count):
    rng = random.Random(seed)
    cases = []
    for c in range(count):
        w, h = rng.randint(2, 40), rng.randint(2, 32)
        polygons = [random_polygon(rng, w, h) for _ in range(rng.randint(1, 6))]
        mode = "I" if rng.random() < 0.1 else "L"
        cases.append({"name": f"random-{seed}-{c}", "mode": mode, "imgWidth": w, "imgHeight": h, "polygons": polygons})
    return cases


def draw(case):
    from PIL import Image, ImageDraw

    image = Image.new(case["mode"], (case["imgWidth"], case["imgHeight"]), 0)
    drawer = ImageDraw.Draw(image)
    for k, polygon in enumerate(case["polygons"]):
        drawer.polygon([tuple(p) for p in polygon], fill=k + 1)
    if case["mode"] == "I":
        image = image.convert("L")
    return base64.b64encode(zlib.compress(image.tobytes(), 9)).decode("ascii")


def pillow_version():
    import PIL

    return PIL.__version__


def add():
    if os.path.exists(FIXTURE):
        with open(FIXTURE) as f:
            fixture = json.load(f)
    else:
        fixture = {"cases": hand_made_cases() + random_cases(seed=20261205, count=400), "masks": []}
        fixture["masks"] = [{} for _ in fixture["cases"]]
    version = pillow_version()
    for case, masks in zip(fixture["cases"], fixture["masks"]):
        for mask, versions in list(masks.items()):
            if version in versions:
                versions.remove(version)
            if not versions:
                del masks[mask]
        masks.setdefault(draw(case), []).append(version)
        for versions in masks.values():
            versions.sort(key=lambda v: tuple(int(p) for p in v.split(".")))
    with open(FIXTURE, "w") as f:
        f.write('{"cases":[\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in fixture["cases"]))
        f.write('\n],"masks":[\n')
        f.write(",\n".join(json.dumps(m, separators=(",", ":")) for m in fixture["masks"]))
        f.write("\n]}\n")
    print(f"Pillow {version}: {len(fixture['cases'])} cases drawn into {FIXTURE}")


def fresh(seed, count):
    cases = random_cases(seed, count)
    json.dump({"pillow": pillow_version(), "cases": cases, "masks": [draw(c) for c in cases]}, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1:2] == ["add"]:
        add()
    elif sys.argv[1:2] == ["fresh"] and len(sys.argv) == 4:
        fresh(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(__doc__)
