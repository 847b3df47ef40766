#!/usr/bin/env python3
"""One U-Net training step in PyTorch (CPU), the reference for `npm run bench -- train`.

The model follows design.md §5 (seed 001's U-Net): [Conv3x3 (bias) -> ReLU -> BatchNorm] x2 per block,
2x2 max-pool, bilinear x2 upsampling without a conv, concatenated skips, a 1x1 head, with base width
--width. Adam 1e-3 on softmax cross-entropy (ignore 255) over 19 classes, random data. Prints one JSON
line: {"msPerStep" (median of the timed steps after --warmup), "cpuMsPerStep" (the same for the
process's CPU time, all threads), "engine", "threads", ...}.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01),
        nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01),
    )


class UNet(nn.Module):
    def __init__(self, width, classes):
        super().__init__()
        widths = [width * 2 ** i for i in range(5)]
        self.down = nn.ModuleList([block(3, widths[0])] + [block(widths[i - 1], widths[i]) for i in range(1, 5)])
        self.up = nn.ModuleList([block(widths[i + 1] + widths[i], widths[i]) for i in reversed(range(4))])
        self.head = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        for i, down in enumerate(self.down):
            x = down(x if i == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        x = skips.pop()
        for up in self.up:
            x = F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)
            x = up(torch.cat([x, skips.pop()], dim=1))
        return self.head(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--width', type=int, default=16)
    parser.add_argument('--size', default='128x128', help='WIDTHxHEIGHT')
    parser.add_argument('--batch', type=int, default=4)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    width, height = (int(v) for v in args.size.lower().split('x'))
    model = UNet(args.width, 19).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = torch.randn(args.batch, 3, height, width)
    labels = torch.randint(0, 19, (args.batch, height, width))
    timings = []
    cpu_timings = []
    for i in range(args.warmup + args.steps):
        started = time.perf_counter()
        cpu_started = time.process_time()
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels, ignore_index=255)
        loss.backward()
        optimizer.step()
        if i >= args.warmup:
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
    print(json.dumps({
        'msPerStep': statistics.median(timings), 'cpuMsPerStep': statistics.median(cpu_timings), 'engine': f'pytorch {torch.__version__} cpu', 'threads': args.threads,
        'arch': 'unet', 'width': args.width, 'size': args.size, 'batch': args.batch, 'steps': args.steps, 'warmup': args.warmup,
        'trainableParams': sum(p.numel() for p in model.parameters() if p.requires_grad), 'stepMs': timings,
    }))


if __name__ == '__main__':
    main()
