#!/usr/bin/python3
"""Scores from the official evalPixelLevelSemanticLabeling for inputs it reads as they are stored.

Run with cityscapesScripts (commit 0bcc4a7) importable, Debian's python3-pil and numpy:
  PYTHONPATH=/path/to/cityscapesScripts /usr/bin/python3 official_eval.py
Writes official-eval/: three seeded 48x24 frames (gt/, pred/) and expected.json, the official result
dictionary (NaN written as null) from its Python path (CSUPPORT off, as without the Cython module):
  - frame 0: the prediction is a palette ("P") PNG whose colours are not the label colours: scored by index;
  - frame 1: the prediction is a 16-bit grey PNG;
  - frame 2: the ground-truth instanceIds are an 8-bit grey PNG (no value passes 1000: no instances).
"""
import json
import math
import os
import sys
import types

import numpy as np
from PIL import Image

# Only the 3D-box Camera uses pyquaternion; a stand-in lets the helpers import without it.
try:
    import pyquaternion  # noqa: F401
except ImportError:
    sys.modules["pyquaternion"] = types.SimpleNamespace(Quaternion=object)

import cityscapesscripts.evaluation.evalPixelLevelSemanticLabeling as official  # noqa: E402
from cityscapesscripts.helpers.labels import labels  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "official-eval")
STEMS = ["aachen_000000_000019", "bochum_000001_000019", "cologne_000002_000019"]
W, H = 48, 24


def frame(rng):
    ids = [l.id for l in labels if l.id >= 0]
    label_ids = rng.choice(ids, size=(H, W)).astype(np.uint8)
    instance_ids = label_ids.astype(np.uint16)
    for label_id, count in ((26, 4), (24, 3), (33, 2)):
        for k in range(count):
            y, x = rng.integers(0, H - 6), rng.integers(0, W - 8)
            label_ids[y:y + 6, x:x + 8] = label_id
            instance_ids[y:y + 6, x:x + 8] = label_id * 1000 + k
    noise = rng.random((H, W)) < 0.3
    prediction = np.where(noise, rng.choice(ids, size=(H, W)), label_ids).astype(np.uint8)
    return label_ids, instance_ids, prediction


def main():
    assert not official.CSUPPORT, "run without the Cython module: the Python path scores 16-bit predictions"
    rng = np.random.default_rng(20261205)
    gt_list, pred_list = [], []
    for i, stem in enumerate(STEMS):
        label_ids, instance_ids, prediction = frame(rng)
        city = stem.split("_")[0]
        gt_dir = os.path.join(HERE, "gt", "gtFine", "val", city)
        pred_dir = os.path.join(HERE, "pred")
        os.makedirs(gt_dir, exist_ok=True)
        os.makedirs(pred_dir, exist_ok=True)
        gt = os.path.join(gt_dir, f"{stem}_gtFine_labelIds.png")
        Image.fromarray(label_ids, "L").save(gt)
        instances = os.path.join(gt_dir, f"{stem}_gtFine_instanceIds.png")
        if i == 2:
            Image.fromarray(label_ids, "L").save(instances)
        else:
            Image.fromarray(instance_ids.astype(np.int32), "I").save(instances)
        pred = os.path.join(pred_dir, f"{stem}_pred.png")
        if i == 0:
            image = Image.fromarray(prediction, "L").convert("P")
            image.putpalette([(j * 37 + 11) % 256 for j in range(768)])
            image.save(pred)
        elif i == 1:
            Image.fromarray(prediction.astype(np.uint16), "I;16").save(pred)
        else:
            Image.fromarray(prediction, "L").save(pred)
        gt_list.append(gt)
        pred_list.append(pred)

    official.args.quiet = True
    official.args.JSONOutput = False
    result = official.evaluateImgLists(pred_list, gt_list, official.args)
    keys = ["classScores", "classInstScores", "categoryScores", "categoryInstScores", "averageScoreClasses",
            "averageScoreInstClasses", "averageScoreCategories", "averageScoreInstCategories"]

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        value = float(value)
        return None if math.isnan(value) else value

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({k: clean(result[k]) for k in keys}, f, indent=1, sort_keys=True)
    modes = [Image.open(p).mode for p in pred_list] + [Image.open(g.replace("labelIds", "instanceIds")).mode for g in gt_list]
    print("official scores written; prediction and instanceIds modes:", modes)


if __name__ == "__main__":
    main()
