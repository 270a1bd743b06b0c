#!/usr/bin/env python3
"""The same U-Net and training step as `cloudmask bench engine`, in PyTorch (Debian python3-torch 1.13, CPU).

5 levels, base 32 filters doubling per level, 14 bands, 6 classes; per level two 3x3 conv + ReLU,
2x2 max pooling down, nearest x2 upsampling + 3x3 conv + ReLU up, skip concatenation, 1x1 head.
Step = forward + soft dice (KappaMask form, on softmax) + backward + Adam, batch 4 at 256x256.
Also times the eval forward of one 512x512 tile. Prints medians.

    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/unet_step.py [--runs 5]
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class Level(nn.Module):
    def __init__(self, cin, base, depth, levels):
        super().__init__()
        f = base << depth
        self.encoder = block(cin, f)
        self.bottom = depth == levels - 1
        if not self.bottom:
            self.deeper = Level(f, base, depth + 1, levels)
            self.upconv = nn.Conv2d(2 * f, f, 3, padding=1)
            self.decoder = block(2 * f, f)

    def forward(self, x):
        e = self.encoder(x)
        if self.bottom:
            return e
        d = self.deeper(F.max_pool2d(e, 2))
        u = F.relu(self.upconv(F.interpolate(d, scale_factor=2, mode="nearest")))
        return self.decoder(torch.cat([e, u], dim=1))


class UNet(nn.Module):
    def __init__(self, bands=14, classes=6, base=32, levels=5):
        super().__init__()
        self.body = Level(bands, base, 0, levels)
        self.head = nn.Conv2d(base, classes, 1)

    def forward(self, x):
        return self.head(self.body(x))


def soft_dice(logits, target):
    p = torch.softmax(logits, dim=1)
    return 1 - (2 * (target * p).sum() + 1) / ((target * target).sum() + (p * p).sum() + 1)


def median_time(fn, runs, warmups=1):
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    torch.manual_seed(0)
    net = UNet()
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    x = torch.rand(4, 14, 256, 256)
    labels = torch.randint(0, 6, (4, 256, 256))
    target = F.one_hot(labels, 6).permute(0, 3, 1, 2).float()

    def step():
        opt.zero_grad()
        loss = soft_dice(net(x), target)
        loss.backward()
        opt.step()

    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    print(f"training step (batch 4 at 256x256): {median_time(step, max(1, args.runs - 2)):.3f} s (median)")
    net.eval()
    tile = torch.rand(1, 14, 512, 512)
    with torch.no_grad():
        print(f"eval forward 512x512 tile: {median_time(lambda: net(tile), args.runs):.3f} s (median)")


if __name__ == "__main__":
    main()
