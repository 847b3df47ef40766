#!/usr/bin/python3
"""The baseline for `npm run bench -- masks`: Cityscapes masks as cityscapesScripts writes them.

Usage: /usr/bin/python3 pillow_masks.py INPUT_ROOT OUT_DIR

For every *_polygons.json under INPUT_ROOT writes OUT_DIR/<rel>/<stem>_{labelIds,labelTrainIds,color,
instanceIds}.png the way json2labelImg (ids, trainIds, color) and json2instanceImg (ids) do: Image.new,
ImageDraw.polygon per object in file order, img.save(path) with Pillow's defaults. One process, like the
official tools; it reads each JSON once, which only flatters the baseline.
"""
import json
import os
import sys

from PIL import Image, ImageDraw

# name, id, trainId, hasInstances, color: transcribed from cityscapesScripts helpers/labels.py so that
# this reference stays independent of segstudio's own table.
LABELS = [
    ("unlabeled", 0, 255, False, (0, 0, 0)), ("ego vehicle", 1, 255, False, (0, 0, 0)),
    ("rectification border", 2, 255, False, (0, 0, 0)), ("out of roi", 3, 255, False, (0, 0, 0)),
    ("static", 4, 255, False, (0, 0, 0)), ("dynamic", 5, 255, False, (111, 74, 0)),
    ("ground", 6, 255, False, (81, 0, 81)), ("road", 7, 0, False, (128, 64, 128)),
    ("sidewalk", 8, 1, False, (244, 35, 232)), ("parking", 9, 255, False, (250, 170, 160)),
    ("rail track", 10, 255, False, (230, 150, 140)), ("building", 11, 2, False, (70, 70, 70)),
    ("wall", 12, 3, False, (102, 102, 156)), ("fence", 13, 4, False, (190, 153, 153)),
    ("guard rail", 14, 255, False, (180, 165, 180)), ("bridge", 15, 255, False, (150, 100, 100)),
    ("tunnel", 16, 255, False, (150, 120, 90)), ("pole", 17, 5, False, (153, 153, 153)),
    ("polegroup", 18, 255, False, (153, 153, 153)), ("traffic light", 19, 6, False, (250, 170, 30)),
    ("traffic sign", 20, 7, False, (220, 220, 0)), ("vegetation", 21, 8, False, (107, 142, 35)),
    ("terrain", 22, 9, False, (152, 251, 152)), ("sky", 23, 10, False, (70, 130, 180)),
    ("person", 24, 11, True, (220, 20, 60)), ("rider", 25, 12, True, (255, 0, 0)),
    ("car", 26, 13, True, (0, 0, 142)), ("truck", 27, 14, True, (0, 0, 70)),
    ("bus", 28, 15, True, (0, 60, 100)), ("caravan", 29, 255, True, (0, 0, 90)),
    ("trailer", 30, 255, True, (0, 0, 110)), ("train", 31, 16, True, (0, 80, 100)),
    ("motorcycle", 32, 17, True, (0, 0, 230)), ("bicycle", 33, 18, True, (119, 11, 32)),
    ("license plate", -1, -1, False, (0, 0, 142)),
]
NAME2LABEL = {name: {"id": i, "trainId": t, "hasInstances": inst, "color": color} for name, i, t, inst, color in LABELS}
BACKGROUND = NAME2LABEL["unlabeled"]
SUFFIX = "_polygons.json"


def drawable_objects(annotation):
    """(name, isGroup, polygon) per object the official tools draw, in file order."""
    for obj in annotation["objects"]:
        if obj.get("deleted"):
            continue
        name, is_group = obj["label"], False
        # Official rule: an unknown label ending in "group" names a group of the stripped class.
        if name not in NAME2LABEL and name.endswith("group"):
            name, is_group = name[: -len("group")], True
        if name not in NAME2LABEL:
            raise ValueError(f"label {obj['label']!r} not known")
        yield name, is_group, [tuple(p) for p in obj["polygon"]]


def label_image(annotation, encoding):
    """json2labelImg: encoding is "id", "trainId" or "color"."""
    size = (annotation["imgWidth"], annotation["imgHeight"])
    mode = "RGBA" if encoding == "color" else "L"
    img = Image.new(mode, size, BACKGROUND[encoding])
    drawer = ImageDraw.Draw(img)
    for name, _, polygon in drawable_objects(annotation):
        label = NAME2LABEL[name]
        if label["id"] < 0:
            continue
        drawer.polygon(polygon, fill=label[encoding])
    return img


def instance_image(annotation):
    """json2instanceImg with "ids": id * 1000 + k for single instances of classes that have them."""
    size = (annotation["imgWidth"], annotation["imgHeight"])
    img = Image.new("I", size, BACKGROUND["id"])
    drawer = ImageDraw.Draw(img)
    counts = {}
    for name, is_group, polygon in drawable_objects(annotation):
        label = NAME2LABEL[name]
        value = label["id"]
        if label["hasInstances"] and not is_group and value != 255:
            value = value * 1000 + counts.get(name, 0)
            counts[name] = counts.get(name, 0) + 1
        if value < 0:
            continue
        drawer.polygon(polygon, fill=value)
    return img


def convert(json_path, out_prefix):
    with open(json_path) as f:
        annotation = json.load(f)
    label_image(annotation, "id").save(out_prefix + "_labelIds.png")
    label_image(annotation, "trainId").save(out_prefix + "_labelTrainIds.png")
    label_image(annotation, "color").save(out_prefix + "_color.png")
    instance_image(annotation).save(out_prefix + "_instanceIds.png")


def find_annotations(root):
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(folder, f) for f in files if f.endswith(SUFFIX))
    return sorted(found)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: pillow_masks.py INPUT_ROOT OUT_DIR")
    root, out_dir = sys.argv[1], sys.argv[2]
    paths = find_annotations(root)
    if not paths:
        sys.exit(f"{root}: no *{SUFFIX} files")
    for json_path in paths:
        target = os.path.join(out_dir, os.path.relpath(os.path.dirname(json_path), root))
        os.makedirs(target, exist_ok=True)
        convert(json_path, os.path.join(target, os.path.basename(json_path)[: -len(SUFFIX)]))
    print(f"{len(paths)} frames")


if __name__ == "__main__":
    main()
