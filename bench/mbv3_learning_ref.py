#!/usr/bin/python3
"""How fast the mbv3-small supernet learns in PyTorch eager: the yardstick of docs/RESULTS.md.

Trains the reference supernet of mbv3_sampled_ref.py (the same network as distillnas' choice
supernet of mbv3-small) on the first 8,000 Fashion-MNIST training images in batches of 64,
shuffled, without augmentation: SGD with Nesterov momentum 0.9, weight decay 4e-5 (or WD),
gradient-norm clip 5, constant learning rate LR.

  largest  the largest subnet on every step (a stand-alone network)
  spos     a uniformly sampled subnet on every step (SPOS with choice weights)

Every 125 steps it prints the training accuracy of those steps and the largest subnet's accuracy
on training images 8,000 to 9,999 (running BatchNorm statistics).

Run: /usr/bin/python3 bench/mbv3_learning_ref.py largest|spos STEPS LR [WD]
"""
import importlib.util
import os
import random
import sys

import numpy as np
import torch
import torch.nn.functional as F

spec = importlib.util.spec_from_file_location("ref", os.path.join(os.path.dirname(__file__), "mbv3_sampled_ref.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


def sample(rng, largest):
    """A subnet's canonical string: the largest one, or each choice drawn uniformly."""
    pick = max if largest else rng.choice
    parts = [ref.SPACE, "r%d" % (28 if largest else rng.choice([24, 28, 32])), "s%d" % pick(ref.STEM["widths"])]
    for widths, depths, kernels, expands, *_ in ref.STAGES:
        layers = ["k%de%d" % (pick(kernels), pick(expands)) for _ in range(pick(depths))]
        parts.append("%d[%s]" % (pick(widths), ",".join(layers)))
    parts += ["l%d" % pick(ref.LAST_CONV), "f%d" % pick(ref.FEATURE)]
    return ref.Subnet(":".join(parts))


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("largest", "spos"):
        sys.exit("usage: mbv3_learning_ref.py largest|spos STEPS LR [WD]")
    mode, steps, lr = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    wd = float(sys.argv[4]) if len(sys.argv) > 4 else 4e-5
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = random.Random(0)
    x, y = ref.load()
    xt, yt, xv, yv = x[:8000], y[:8000], x[8000:10000], y[8000:10000]
    big = sample(rng, True)
    net = ref.Supernet()
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9, nesterov=True, weight_decay=wd)
    order = np.random.RandomState(0).permutation(8000)
    correct = seen = 0
    for step in range(steps):
        start = (step * 64) % 8000
        if start + 64 > 8000:
            order = np.random.RandomState(step).permutation(8000)
        idx = order[start:start + 64] if start + 64 <= 8000 else order[:64]
        s = big if mode == "largest" else sample(rng, False)
        net.train()
        out = net(torch.from_numpy(xt[idx]), s)
        loss = F.cross_entropy(out, torch.from_numpy(yt[idx]))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        correct += int((out.argmax(1).numpy() == yt[idx]).sum())
        seen += len(idx)
        if (step + 1) % 125 == 0:
            net.eval()
            with torch.no_grad():
                held_out = (net(torch.from_numpy(xv), big).argmax(1).numpy() == yv).mean()
            print("step %d train_acc %.3f held_out_acc(largest) %.3f" % (step + 1, correct / seen, held_out), flush=True)
            correct = seen = 0


if __name__ == "__main__":
    main()
