#!/usr/bin/python3
"""Reference: one SPOS training step of the mbv3-small choice supernet, in PyTorch eager.

The yardstick for the Java sampled-path step's throughput (distillnas bench sampled-step). The
supernet is distillnas' choice-mode supernet of the built-in space mbv3-small
(src/main/resources/spaces/mbv3-small.yaml, hard-coded below):

  stem        conv3x3(1 -> 16, stride 1) + BN + h-swish
  5 stages    one layer position per depth; each position holds an independent inverted-residual
              block per (kernel, expand ratio) choice:
                 h = act(BN(conv1x1(x)))      c_in -> c_in * e  (no expand conv when the ratios are {1})
                 h = act(BN(dwconv_kxk(h)))   stride s on the first layer of a stage
                 h = h * hsigmoid(W2 relu(W1 avgpool(h) + b1) + b2)   squeeze-excite, r = max(1, c/4)
                 y = BN(conv1x1(h)) (+ x when s = 1 and c_in = c_out)
  head        conv1x1(-> 256) + BN + h-swish, global average pool, linear(256) + h-swish, linear(10)

Every width is elastic: a narrower subnet uses the first channels of each tensor (BatchNorm: the
first entries of its affine parameters and running statistics). The input is resized bilinearly
(antialiased, as DJL 0.35.1's interpolate does) to the subnet's resolution. A step = forward of that step's subnet, cross-entropy, backward,
gradient-norm clip 5, SGD (lr 0.05, momentum 0.9, Nesterov, weight decay 5e-4) with
zero_grad(set_to_none=True), so parameters off the path get no update; batches of 64
Fashion-MNIST images taken in order. The subnets come from a file, one canonical string per
line (e.g. mbv3-small:r28:s16:16[k3e1]:24[k3e4,k5e3]:32[k5e6]:40[k3e3,k3e4]:64[k5e4]:l256:f256),
the same file the Java side reads.

Setup:  apt-get install -y python3-torch dataset-fashion-mnist
Run:    /usr/bin/python3 mbv3_sampled_ref.py STEPS WARMUP SUBNETS_FILE [THREADS]
Prints: a line starting with RESULT holding steps_per_s and peak_rss_mib.
Diagnostic: DISTILLNAS_REF_HSWISH=composite builds h-swish and the squeeze-excite gate from
elementwise ops (x * clamp(x + 3, 0, 6) / 6), as the Java side must, instead of PyTorch's fused
kernels.
"""
import gzip
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BS = 64
DIR = "/usr/share/datasets/fashion-mnist/"
SPACE = "mbv3-small"
STEM = dict(widths=[8, 16], stride=1)
# widths, depths, kernels, expands, stride, squeeze-excite, activation
STAGES = [
    ([16], [1], [3], [1], 1, False, "relu"),
    ([16, 24], [1, 2], [3, 5], [3, 4], 2, False, "relu"),
    ([24, 32], [1, 2, 3], [3, 5], [3, 4, 6], 2, True, "hswish"),
    ([32, 40], [1, 2, 3], [3, 5], [3, 4, 6], 1, True, "hswish"),
    ([48, 64], [1, 2, 3], [3, 5], [3, 4, 6], 2, True, "hswish"),
]
LAST_CONV = [192, 256]
FEATURE = [256]


def load():
    with gzip.open(DIR + "train-images-idx3-ubyte.gz") as f:
        raw = np.frombuffer(f.read(), np.uint8, offset=16)
    with gzip.open(DIR + "train-labels-idx1-ubyte.gz") as f:
        lab = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    x = ((raw.astype(np.float32) / 255.0 - 0.2860) / 0.3530).reshape(-1, 1, 28, 28)
    return x, lab


class Subnet:
    """A subnet's canonical string: space:r<res>:s<stem>:<width>[<layers>]...:l<last>:f<feature>."""

    def __init__(self, text):
        parts = text.strip().split(":")
        if parts[0] != SPACE:
            raise ValueError("not a subnet of %s: %s" % (SPACE, text))
        self.resolution = int(parts[1][1:])
        self.stem = int(parts[2][1:])
        self.feature = int(parts.pop()[1:]) if parts[-1].startswith("f") else 0
        self.last_conv = int(parts.pop()[1:]) if parts[-1].startswith("l") else 0
        self.stages = []
        for part in parts[3:]:
            width, layers = re.fullmatch(r"(\d+)\[([^\]]*)\]", part).groups()
            # a layer is (kernel, expand), or None for "-" (skipped)
            parsed = [None if t == "-" else tuple(int(v) for v in re.fullmatch(r"k(\d+)e(\d+)", t).groups())
                      for t in layers.split(",")]
            self.stages.append((int(width), parsed))


# DISTILLNAS_REF_HSWISH=composite computes h-swish and the squeeze-excite gate from elementwise ops,
# as the Java side does with DISTILLNAS_SCRIPTED_OPS=off: a diagnostic of how much the fused kernels save.
if os.environ.get("DISTILLNAS_REF_HSWISH") == "composite":
    def hardsigmoid(x):
        return (x + 3).clamp(0, 6) / 6

    def hardswish(x):
        return x * hardsigmoid(x)
else:
    hardsigmoid, hardswish = F.hardsigmoid, F.hardswish


def act(name, x):
    return hardswish(x) if name == "hswish" else F.relu(x)


def first(w, *sizes):
    """The first entries of w along its leading axes (a view when nothing is cut)."""
    if all(w.shape[d] == n for d, n in enumerate(sizes)):
        return w
    return w[tuple(slice(0, n) for n in sizes)]


class ConvBn(nn.Module):
    """Bias-free convolution + BN at any width up to the built one: first channels, first BN entries."""

    def __init__(self, cin, cout, k, stride, depthwise):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, groups=cout if depthwise else 1, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.k, self.stride, self.depthwise = k, stride, depthwise

    def forward(self, x, out):
        cin = 1 if self.depthwise else x.shape[1]
        w = self.conv.weight
        if w.shape[0] != out or w.shape[1] != cin:
            w = w[:out, :cin].contiguous()
        y = F.conv2d(x, w, None, self.stride, self.k // 2, 1, out if self.depthwise else 1)
        bn = self.bn
        return F.batch_norm(y, first(bn.running_mean, out), first(bn.running_var, out), first(bn.weight, out),
                            first(bn.bias, out), True, 0.1, 1e-5)


class SqueezeExcite(nn.Module):
    def __init__(self, c):
        super().__init__()
        r = max(1, c // 4)
        self.reduce = nn.Conv2d(c, r, 1)
        self.expand = nn.Conv2d(r, c, 1)

    def forward(self, x):
        c = x.shape[1]
        r = max(1, c // 4)
        z = F.adaptive_avg_pool2d(x, 1)
        z = F.relu(F.conv2d(z, first(self.reduce.weight, r, c).contiguous(), first(self.reduce.bias, r)))
        z = F.conv2d(z, first(self.expand.weight, c, r).contiguous(), first(self.expand.bias, c))
        return x * hardsigmoid(z)


class InvertedResidual(nn.Module):
    def __init__(self, max_in, max_out, k, e, stride, se, activation, has_expand):
        super().__init__()
        hidden = max_in * e if has_expand else max_in
        self.expand = ConvBn(max_in, hidden, 1, 1, False) if has_expand else None
        self.depthwise = ConvBn(hidden, hidden, k, stride, True)
        self.se = SqueezeExcite(hidden) if se else None
        self.project = ConvBn(hidden, max_out, 1, 1, False)
        self.e, self.stride, self.activation = e, stride, activation

    def forward(self, x, width):
        cin = x.shape[1]
        h, hidden = x, cin
        if self.expand is not None:
            hidden = cin * self.e
            h = act(self.activation, self.expand(x, hidden))
        h = act(self.activation, self.depthwise(h, hidden))
        if self.se is not None:
            h = self.se(h)
        y = self.project(h, width)
        return y + x if self.stride == 1 and cin == width else y


class Supernet(nn.Module):
    def __init__(self, in_channels=1, classes=10):
        super().__init__()
        c = max(STEM["widths"])
        self.stem = ConvBn(in_channels, c, 3, STEM["stride"], False)
        self.stages = nn.ModuleList()
        for widths, depths, kernels, expands, stride, se, activation in STAGES:
            out = max(widths)
            positions = nn.ModuleList()
            for p in range(max(depths)):
                # one independent block per (kernel, expand) choice, named like the Java side's
                positions.append(nn.ModuleDict({
                    "k%de%d" % (k, e): InvertedResidual(c if p == 0 else out, out, k, e, stride if p == 0 else 1, se,
                                                        activation, expands != [1])
                    for k in kernels for e in expands}))
            self.stages.append(positions)
            c = out
        self.last_conv = ConvBn(c, max(LAST_CONV), 1, 1, False)
        self.feature = nn.Linear(max(LAST_CONV), max(FEATURE))
        self.classifier = nn.Linear(max(FEATURE), classes)

    def forward(self, x, s):
        if x.shape[2] != s.resolution or x.shape[3] != s.resolution:
            # antialias: DJL 0.35.1's interpolate always antialiases, so the Java side resizes this way
            x = F.interpolate(x, size=(s.resolution, s.resolution), mode="bilinear", align_corners=False, antialias=True)
        x = hardswish(self.stem(x, s.stem))
        for positions, (width, layers) in zip(self.stages, s.stages):
            for p, layer in enumerate(layers):
                if layer is not None:
                    x = positions[p]["k%de%d" % layer](x, width)
        x = hardswish(self.last_conv(x, s.last_conv))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        x = hardswish(F.linear(x, first(self.feature.weight, s.feature, x.shape[1]), first(self.feature.bias, s.feature)))
        return F.linear(x, self.classifier.weight[:, :x.shape[1]], self.classifier.bias)


def rss_mib():
    rss = hwm = 0
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) // 1024
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) // 1024
    return rss, hwm


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: mbv3_sampled_ref.py STEPS WARMUP SUBNETS_FILE [THREADS]")
    steps, warmup = int(sys.argv[1]), int(sys.argv[2])
    with open(sys.argv[3]) as f:
        texts = [line.strip() for line in f if line.strip()]
    if len(texts) < warmup + steps:
        sys.exit("%s holds %d subnets, the run needs %d" % (sys.argv[3], len(texts), warmup + steps))
    subnets = [Subnet(t) for t in texts[:warmup + steps]]
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    x, y = load()
    print("loaded %d images" % len(y))
    net = Supernet()
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    # the first subnet's path size, to check against the Java side's
    loss = F.cross_entropy(net(torch.from_numpy(x[:2]), subnets[0]), torch.from_numpy(y[:2]))
    loss.backward()
    path = [p for p in net.parameters() if p.grad is not None]
    print("params: %d scalars; first path: %d tensors, %d scalars"
          % (sum(p.numel() for p in net.parameters()), len(path), sum(p.numel() for p in path)))
    opt.zero_grad(set_to_none=True)
    t0 = None
    for step in range(warmup + steps):
        if step == warmup:
            t0 = time.perf_counter()
        s = subnets[step]
        idx = [(step * BS + i) % len(y) for i in range(BS)]
        xb, yb = torch.from_numpy(x[idx]), torch.from_numpy(y[idx])
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(xb, s), yb)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        if step % 25 == 0 or step == warmup + steps - 1:
            r = rss_mib()
            print("step %4d loss %.4f rss %d MiB hwm %d MiB %s" % (step, loss.item(), r[0], r[1], texts[step]))
    el = time.perf_counter() - t0
    print("RESULT python torch=%s space=%s steps=%d elapsed=%.2fs steps_per_s=%.3f peak_rss_mib=%d threads=%d/%d"
          % (torch.__version__, SPACE, steps, el, steps / el, rss_mib()[1], torch.get_num_threads(),
             torch.get_num_interop_threads()))


if __name__ == "__main__":
    main()
