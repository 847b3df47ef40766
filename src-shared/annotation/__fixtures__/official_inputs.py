#!/usr/bin/python3
"""What the official cityscapesScripts draw for inputs they convert rather than refuse.

Run with cityscapesScripts (commit 0bcc4a7) importable and a Pillow: Debian's python3-pil (9.4), or a
build of another release first on the path:
  PYTHONPATH=/path/to/cityscapesScripts[:/path/to/Pillow/src] /usr/bin/python3 official_inputs.py
Writes official-inputs-<Pillow version>.json: each case's JSON text as written, and the labelIds and instanceIds
images that Annotation.fromJsonText + createLabelImage / createInstanceImage make of it (the
instance image saved as PNG and read back, as json2instanceImg's output is).
"""
import io
import json
import os
import sys
import types

import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))

# Only the 3D-box Camera uses pyquaternion; a stand-in lets annotation.py import without it.
if "pyquaternion" not in sys.modules:
    try:
        import pyquaternion  # noqa: F401
    except ImportError:
        sys.modules["pyquaternion"] = types.SimpleNamespace(Quaternion=object)

from cityscapesscripts.helpers.annotation import Annotation  # noqa: E402
from cityscapesscripts.preparation.json2instanceImg import createInstanceImage  # noqa: E402
from cityscapesscripts.preparation.json2labelImg import createLabelImage  # noqa: E402

SQUARE = "[[1,1],[5,1],[5,4],[1,4]]"
CASES = [
    ("deleted-empty-list-and-dict-are-drawn", '{"imgWidth":16,"imgHeight":6,"objects":['
     '{"label":"car","polygon":[[0,0],[4,0],[4,5],[0,5]],"deleted":[]},'
     '{"label":"car","polygon":[[5,0],[9,0],[9,5],[5,5]]},'
     '{"label":"car","polygon":[[10,0],[15,0],[15,5],[10,5]],"deleted":{}}]}'),
    ("deleted-truthy-values-skip", '{"imgWidth":16,"imgHeight":6,"objects":['
     '{"label":"car","polygon":[[0,0],[4,0],[4,5],[0,5]],"deleted":[0]},'
     '{"label":"car","polygon":[[5,0],[9,0],[9,5],[5,5]],"deleted":"0"},'
     '{"label":"car","polygon":[[10,0],[15,0],[15,5],[10,5]],"deleted":0.0},'
     '{"label":"person","polygon":[[1,1],[14,1],[14,3]],"deleted":{"a":1}}]}'),
    ("size-as-string-and-float", '{"imgWidth":" 12 ","imgHeight":6.9,"objects":[{"label":"road","polygon":' + SQUARE + '}]}'),
    ("size-as-python-int-literal", '{"imgWidth":"+1_2","imgHeight":"6","objects":[{"label":"road","polygon":' + SQUARE + '}]}'),
    ("points-with-a-third-value", '{"imgWidth":10,"imgHeight":8,"objects":[{"label":"car","polygon":[[1,1,7],[8,2,0.5],[4,7,-3,9]]}]}'),
    ("boolean-coordinates", '{"imgWidth":10,"imgHeight":8,"objects":[{"label":"car","polygon":[[true,false],[8,true],[4,7]]}]}'),
    ("nan-coordinates", '{"imgWidth":12,"imgHeight":8,"objects":[{"label":"car","polygon":[[2,1],[NaN,4],[2,7]]},'
     '{"label":"person","polygon":[[9,0],[11,NaN],[10,7]]}]}'),
    ("infinite-coordinates", '{"imgWidth":12,"imgHeight":8,"objects":[{"label":"car","polygon":[[2,1],[Infinity,4],[2,7]]},'
     '{"label":"person","polygon":[[9,0],[-Infinity,3],[10,7]]}]}'),
    ("beyond-1e9-integers", '{"imgWidth":12,"imgHeight":8,"objects":[{"label":"car","polygon":[[2,1],[3000000000,4],[2,7]]},'
     '{"label":"road","polygon":[[2,1],[-3000000000,4],[10,7]]},{"label":"person","polygon":[[0,0],[2000000000,1],[1500000001,7],[0,6]]}]}'),
    ("beyond-1e9-floats", '{"imgWidth":12,"imgHeight":8,"objects":[{"label":"car","polygon":[[2,1],[3e9,4.5],[2,7]]},'
     '{"label":"person","polygon":[[0,0],[2.1e9,1],[1.7e9,7],[-2.1e9,6]]},{"label":"sky","polygon":[[1,7],[1e12,-1e12],[11,7]]}]}'),
]


def official(text):
    annotation = Annotation()
    annotation.fromJsonText(text)
    labels = np.array(createLabelImage(annotation, "ids"))
    png = io.BytesIO()
    createInstanceImage(annotation, "ids").save(png, format="png")
    png.seek(0)
    instances = np.array(Image.open(png)).astype(np.int64)
    return labels.flatten().tolist(), instances.flatten().tolist(), annotation.imgWidth, annotation.imgHeight


def main():
    cases = []
    for name, text in CASES:
        labels, instances, width, height = official(text)
        cases.append({"name": name, "text": text, "imgWidth": width, "imgHeight": height, "labelIds": labels, "instanceIds": instances})
    with open(os.path.join(HERE, f"official-inputs-{PIL.__version__}.json"), "w") as f:
        f.write('{"pillow":' + json.dumps(PIL.__version__) + ',"cases":[\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print(f"Pillow {PIL.__version__}: {len(cases)} cases")


if __name__ == "__main__":
    main()
