"""Times Pillow's polygon fill (ImageDraw.polygon, as json2labelImg calls it) on the shapes bench/polygon-fill.ts draws.

Reads one JSON object on stdin: {"width", "height", "runs", "shapes": {name: [x0, y0, x1, y1, ...]}}.
Prints one JSON line: {"pillow": version, "seconds": {name: [run, ...]}}.
"""
import json
import sys
import time

import PIL
from PIL import Image, ImageDraw

request = json.load(sys.stdin)
seconds = {}
for name, flat in request["shapes"].items():
    points = list(zip(flat[0::2], flat[1::2]))
    runs = []
    for _ in range(request["runs"]):
        image = Image.new("L", (request["width"], request["height"]), 0)
        started = time.perf_counter()
        ImageDraw.Draw(image).polygon(points, fill=7)
        runs.append(time.perf_counter() - started)
    seconds[name] = runs
print(json.dumps({"pillow": PIL.__version__, "seconds": seconds}))
