#!/usr/bin/env python3
"""Folder inference in PyTorch (CPU), the reference for `npm run bench -- infer`.

The U-Net of torch_train_step.py (design.md section 5) at base width --width, eval mode, random weights.
For every PNG in --in: read with Pillow, resize to --size (bilinear) when it differs, normalize with
the ImageNet mean/std, predict, argmax, colour with the Cityscapes palette, save <name>_color.png to
--out: the same work `segstudio infer --types color` does. Prints one JSON line:
{"images", "seconds" (the loop, after the model is built), "imagesPerSecond", "engine", "threads", ...}.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from PIL import Image

from torch_train_step import UNet

PALETTE = [
    (128, 64, 128), (244, 35, 232), (70, 70, 70), (102, 102, 156), (190, 153, 153), (153, 153, 153), (250, 170, 30),
    (220, 220, 0), (107, 142, 35), (152, 251, 152), (70, 130, 180), (220, 20, 60), (255, 0, 0), (0, 0, 142),
    (0, 0, 70), (0, 60, 100), (0, 80, 100), (0, 0, 230), (119, 11, 32),
]
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--in', dest='input', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--width', type=int, default=8)
    parser.add_argument('--size', default='512x256', help='model input WIDTHxHEIGHT')
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    width, height = (int(v) for v in args.size.lower().split('x'))
    model = UNet(args.width, len(PALETTE)).eval()
    palette = np.array(PALETTE, dtype=np.uint8)
    names = sorted(name for name in os.listdir(args.input) if name.lower().endswith('.png'))
    os.makedirs(args.out, exist_ok=True)
    started = time.perf_counter()
    with torch.inference_mode():
        for name in names:
            photo = Image.open(os.path.join(args.input, name)).convert('RGB')
            size = photo.size
            if size != (width, height):
                photo = photo.resize((width, height), Image.BILINEAR)
            x = (np.asarray(photo, dtype=np.float32) / 255 - MEAN) / STD
            logits = model(torch.from_numpy(x).permute(2, 0, 1).unsqueeze(0))
            labels = logits.argmax(1)[0].numpy().astype(np.uint8)
            mask = Image.fromarray(labels)
            if mask.size != size:
                mask = mask.resize(size, Image.NEAREST)
            Image.fromarray(palette[np.asarray(mask)]).save(os.path.join(args.out, name[:-4] + '_color.png'))
    seconds = time.perf_counter() - started
    print(json.dumps({
        'images': len(names), 'seconds': seconds, 'imagesPerSecond': len(names) / seconds,
        'engine': f'pytorch {torch.__version__} cpu', 'threads': args.threads, 'width': args.width, 'size': args.size,
    }))


if __name__ == '__main__':
    main()
