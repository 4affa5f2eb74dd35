"""Writes the TorchScript modules of src/main/resources/ops/ (see nn.ScriptedOps).

DJL 0.35.1 binds no libtorch kernel for hardswish, hardsigmoid or silu, so distillnas runs each as
a one-op TorchScript module: one fused kernel forward and one backward, instead of four to eight
composite kernels. The modules hold no weights; any torch >= 1.7 writes files that libtorch 2.7.1
reads. Run from the repository root:

    python3 tools/scripted_ops.py
"""
import os

import torch


class HardSwish(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.hardswish(x)


class HardSigmoid(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.hardsigmoid(x)


class Silu(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.silu(x)


OUT = os.path.join("src", "main", "resources", "ops")
for name, module in [("hardswish", HardSwish()), ("hardsigmoid", HardSigmoid()), ("silu", Silu())]:
    path = os.path.join(OUT, name + ".pt")
    torch.jit.script(module).save(path)
    print("wrote", path, "with torch", torch.__version__)
