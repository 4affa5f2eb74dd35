#!/usr/bin/python3
"""Reference: one training step of a discrete NAS-Bench-201 network, in PyTorch eager.

The yardstick for the Java retraining step's throughput (distillnas bench retrain-step). The
network is the stand-alone NB201 network of the cell
|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2| (the README
search's result) at C=16 with N cells per stage: stem conv3x3(1->16)+BN, 3 stages of N cells
(16/32/64 channels) with a residual reduction block between stages, BN-ReLU, global pool, linear.
A step = forward, cross-entropy, backward, gradient-norm clip 5, SGD (lr 0.05, momentum 0.9,
Nesterov, weight decay 5e-4), on batches of 128 Fashion-MNIST images taken in order.

Setup:  apt-get install -y python3-torch dataset-fashion-mnist
Run:    /usr/bin/python3 nb201_train_ref.py STEPS WARMUP [CELLS_PER_STAGE] [THREADS]
Prints: a line starting with RESULT holding steps_per_s and peak_rss_mib.
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BS = 128
DIR = "/usr/share/datasets/fashion-mnist/"
# (op, input) per edge, node by node: node 1 <- 0; node 2 <- 0, 1; node 3 <- 0, 1, 2
CELL = [[("nor_conv_3x3", 0)], [("none", 0), ("nor_conv_1x1", 1)],
        [("none", 0), ("nor_conv_3x3", 1), ("nor_conv_3x3", 2)]]


def load():
    with gzip.open(DIR + "train-images-idx3-ubyte.gz") as f:
        raw = np.frombuffer(f.read(), np.uint8, offset=16)
    with gzip.open(DIR + "train-labels-idx1-ubyte.gz") as f:
        lab = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    x = ((raw.astype(np.float32) / 255.0 - 0.2860) / 0.3530).reshape(-1, 1, 28, 28)
    return x, lab


class ReLUConvBN(nn.Sequential):
    def __init__(self, cin, cout, k, stride, pad):
        super().__init__(nn.ReLU(inplace=False), nn.Conv2d(cin, cout, k, stride, pad, bias=False),
                         nn.BatchNorm2d(cout))


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


def make_op(name, c):
    if name == "none":
        return Zero()
    if name == "skip_connect":
        return nn.Identity()
    if name == "nor_conv_1x1":
        return ReLUConvBN(c, c, 1, 1, 0)
    if name == "nor_conv_3x3":
        return ReLUConvBN(c, c, 3, 1, 1)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    raise ValueError(name)


class Cell(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ops = nn.ModuleList([make_op(op, c) for node in CELL for op, _ in node])

    def forward(self, x):
        nodes = [x]
        k = 0
        for node in CELL:
            s = None
            for _, inp in node:
                o = self.ops[k](nodes[inp])
                s = o if s is None else s + o
                k += 1
            nodes.append(s)
        return nodes[-1]


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.a = ReLUConvBN(cin, cout, 3, 2, 1)
        self.b = ReLUConvBN(cout, cout, 3, 1, 1)
        self.down = nn.Sequential(nn.AvgPool2d(2, 2, 0), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.b(self.a(x)) + self.down(x)


class Network(nn.Module):
    def __init__(self, n):
        super().__init__()
        ch = [16, 32, 64]
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16))
        layers = []
        for s in range(3):
            layers += [Cell(ch[s]) for _ in range(n)]
            if s < 2:
                layers.append(ResBlock(ch[s], ch[s + 1]))
        self.layers = nn.Sequential(*layers)
        self.last = nn.Sequential(nn.BatchNorm2d(64), nn.ReLU(inplace=False))
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        h = self.last(self.layers(self.stem(x)))
        return self.fc(F.adaptive_avg_pool2d(h, 1).flatten(1))


def rss_mib():
    rss = hwm = 0
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) // 1024
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) // 1024
    return rss, hwm


def main():
    steps, warmup = int(sys.argv[1]), int(sys.argv[2])
    cells = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    x, y = load()
    print("loaded %d images" % len(y))
    net = Network(cells)
    print("params: %d scalars" % sum(p.numel() for p in net.parameters()))
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    net.train()
    t0 = None
    for step in range(warmup + steps):
        if step == warmup:
            t0 = time.perf_counter()
        idx = [(step * BS + i) % len(y) for i in range(BS)]
        xb, yb = torch.from_numpy(x[idx]), torch.from_numpy(y[idx])
        opt.zero_grad()
        loss = F.cross_entropy(net(xb), yb)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        if step % 25 == 0 or step == warmup + steps - 1:
            r = rss_mib()
            print("step %4d loss %.4f rss %d MiB hwm %d MiB" % (step, loss.item(), r[0], r[1]))
    el = time.perf_counter() - t0
    print("RESULT python torch=%s cells=%d steps=%d elapsed=%.2fs steps_per_s=%.3f peak_rss_mib=%d threads=%d/%d"
          % (torch.__version__, cells, steps, el, steps / el, rss_mib()[1], torch.get_num_threads(),
             torch.get_num_interop_threads()))


if __name__ == "__main__":
    main()
