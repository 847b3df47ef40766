#!/usr/bin/python3
"""Reference masks for the rasterizer tests, drawn by Pillow exactly as cityscapesScripts does.

Run with Debian's python3-pil (Pillow 9.4): /usr/bin/python3 make_fixtures.py (npm run fixtures).
Writes cases.json (the annotations, hand-made and seeded random ones) and, per encoding, one atlas
PNG that stacks every case's mask vertically. The test suite reads these files and needs no Python.
"""
import json
import os
import random
import sys

import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))

# The official drawing rules (json2labelImg, json2instanceImg) live in the masks benchmark's reference.
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "bench", "reference"))
from pillow_masks import instance_image, label_image  # noqa: E402


def obj(label, points, **extra):
    return {"label": label, "polygon": [list(p) for p in points], **extra}


def hand_made_cases():
    cases = []

    def add(name, w, h, objects):
        cases.append({"name": name, "imgWidth": w, "imgHeight": h, "objects": objects})

    add("integer-rectangle", 16, 12, [obj("road", [(2, 2), (10, 2), (10, 8), (2, 8)])])
    add("fractional-triangle", 20, 16, [obj("car", [(1.5, 1.25), (17.75, 3.5), (6.4, 14.9)])])
    add("negative-fractions-truncate-to-zero", 12, 10, [obj("sky", [(-0.9, -0.9), (8.6, -0.4), (8.2, 7.7), (-0.5, 7.3)])])
    add("concave-arrow", 24, 20, [obj("building", [(2, 2), (20, 10), (2, 18), (9, 10)])])
    add("self-intersecting-bowtie", 24, 20, [obj("person", [(2, 2), (21, 17), (21, 2), (2, 17)])])
    add("pentagram", 32, 32, [obj("vegetation", [(16, 1), (25, 30), (2, 11), (30, 11), (7, 30)])])
    add("far-outside", 16, 12, [obj("terrain", [(-1000, -1000), (1000, -900), (5, 1000)])])
    add("entirely-outside", 16, 12, [obj("car", [(20, 20), (40, 20), (30, 40)]), obj("car", [(-30, -9), (-1, -9), (-5, -2)])])
    add("two-points", 16, 12, [obj("pole", [(1, 1), (14, 9)]), obj("pole", [(3, 10), (12, 10)]), obj("pole", [(5, 0), (5, 11)])])
    add("collinear", 16, 12, [obj("sidewalk", [(0, 0), (5, 5), (10, 10), (15, 11)]), obj("fence", [(1, 3), (6, 3), (13, 3)])])
    add("repeated-vertices", 16, 12, [obj("wall", [(2, 2), (2, 2), (12, 3), (12, 3), (12, 3), (7, 10), (2, 2)])])
    add("horizontal-runs", 20, 14, [obj("bus", [(1, 1), (5, 1), (9, 1), (15, 1), (15, 6), (10, 6), (6, 6), (2, 6), (2, 12), (1, 12)])])
    add("staircase", 20, 16, [obj("train", [(1, 1), (5, 1), (5, 4), (9, 4), (9, 8), (13, 8), (13, 12), (1, 12)])])
    add("overlap-later-wins", 20, 16, [
        obj("road", [(0, 0), (19, 0), (19, 15), (0, 15)]),
        obj("car", [(3, 3), (12, 3), (12, 10), (3, 10)]),
        obj("person", [(8, 6), (16, 6), (16, 14), (8, 14)]),
    ])
    add("instances-groups-deleted", 24, 16, [
        obj("car", [(1, 1), (6, 1), (6, 6), (1, 6)]),
        obj("cargroup", [(7, 1), (12, 1), (12, 6), (7, 6)]),
        obj("car", [(13, 1), (18, 1), (18, 6), (13, 6)], deleted=1),
        obj("car", [(19, 1), (23, 1), (23, 6), (19, 6)]),
        obj("caravan", [(1, 8), (6, 8), (6, 14), (1, 14)]),
        obj("persongroup", [(7, 8), (12, 8), (12, 14), (7, 14)]),
        obj("bicycle", [(13, 8), (18, 8), (18, 14), (13, 14)]),
        obj("license plate", [(14, 9), (17, 9), (17, 12), (14, 12)]),
    ])
    add("thin-slivers", 24, 24, [obj("pole", [(3, 0), (4, 23), (3.5, 23)]), obj("traffic sign", [(0, 11.5), (23, 12), (0, 12.2)])])
    add("diamond-corners", 24, 24, [obj("rider", [(12, 1), (22, 11), (12, 21), (2, 11)])])
    add("one-pixel-image", 1, 1, [obj("sky", [(0, 0), (0.9, 0), (0.9, 0.9)])])
    return cases


RANDOM_LABELS = ["road", "building", "car", "person", "cargroup", "rider", "license plate", "caravan",
                 "vegetation", "sky", "bicycle", "polegroup", "pole", "truck"]


def random_points(rng, w, h, kind):
    n = rng.randint(2, 9)
    if kind == "integer":
        return [(rng.randint(-2, w + 1), rng.randint(-2, h + 1)) for _ in range(n)]
    if kind == "fractional":
        return [(round(rng.uniform(-3, w + 3), 3), round(rng.uniform(-3, h + 3), 3)) for _ in range(n)]
    if kind == "far":
        return [(rng.choice([-1, 1]) * rng.randint(0, 5000), rng.randint(-5000, 5000)) for _ in range(n)]
    if kind == "two-point":
        return [(rng.randint(-1, w), rng.randint(-1, h)) for _ in range(2)]
    if kind == "collinear":
        x0, y0 = rng.randint(0, w), rng.randint(0, h)
        dx, dy = rng.choice([(1, 0), (0, 1), (1, 1), (2, 1), (1, -1), (3, -2)])
        return [(x0 + dx * t, y0 + dy * t) for t in sorted(rng.sample(range(-6, 7), rng.randint(2, 5)))]
    if kind == "repeated":
        base = [(rng.randint(0, w), rng.randint(0, h)) for _ in range(rng.randint(2, 6))]
        out = []
        for p in base:
            out.extend([p] * rng.randint(1, 3))
        return out
    if kind == "rectilinear":
        x, y = rng.randint(0, w // 2), rng.randint(0, h // 2)
        pts = [(x, y)]
        for i in range(rng.randint(3, 8)):
            if i % 2 == 0:
                x = rng.randint(0, w)
            else:
                y = rng.randint(0, h)
            pts.append((x, y))
        return pts
    if kind == "star":
        import math
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        k = rng.randint(3, 7)
        pts = []
        for i in range(2 * k):
            r = rng.uniform(2, max(w, h) / 2) if i % 2 == 0 else rng.uniform(0.5, 3)
            a = math.pi * i / k
            pts.append((round(cx + r * math.cos(a), 2), round(cy + r * math.sin(a), 2)))
        return pts
    raise ValueError(kind)


KINDS = ["integer", "fractional", "far", "two-point", "collinear", "repeated", "rectilinear", "star"]


def random_cases(seed, count):
    rng = random.Random(seed)
    cases = []
    for c in range(count):
        w, h = rng.randint(1, 40), rng.randint(1, 32)
        objects = []
        for _ in range(rng.randint(1, 6)):
            o = obj(rng.choice(RANDOM_LABELS), random_points(rng, w, h, rng.choice(KINDS)))
            if rng.random() < 0.08:
                o["deleted"] = 1
            objects.append(o)
        cases.append({"name": f"random-{seed}-{c}", "imgWidth": w, "imgHeight": h, "objects": objects})
    return cases


def atlas(images, mode, fill):
    width = max(img.size[0] for img in images)
    height = sum(img.size[1] for img in images)
    out = Image.new(mode, (width, height), fill)
    y = 0
    for img in images:
        out.paste(img, (0, y))
        y += img.size[1]
    return out


def main():
    cases = hand_made_cases() + random_cases(seed=20261124, count=400)
    renders = {
        "labelIds": [label_image(c, "id") for c in cases],
        "labelTrainIds": [label_image(c, "trainId") for c in cases],
        "color": [label_image(c, "color") for c in cases],
        "instanceIds": [instance_image(c) for c in cases],
    }
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"pillow": PIL.__version__, "cases": cases}, f, separators=(",", ":"))
    atlas(renders["labelIds"], "L", 250).save(os.path.join(HERE, "atlas_labelIds.png"))
    atlas(renders["labelTrainIds"], "L", 250).save(os.path.join(HERE, "atlas_labelTrainIds.png"))
    atlas(renders["color"], "RGBA", (1, 2, 3, 4)).save(os.path.join(HERE, "atlas_color.png"))
    atlas(renders["instanceIds"], "I", 60000).save(os.path.join(HERE, "atlas_instanceIds.png"))
    print(f"Pillow {PIL.__version__}: {len(cases)} cases")


if __name__ == "__main__":
    main()
