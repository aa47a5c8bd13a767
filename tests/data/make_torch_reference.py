"""Write ``torch_reference.json``: PyTorch's own outputs for the tests of lstm, rnn, optim.

PyTorch is not a dependency of the course; this script was run once, in a virtual environment
with ``pip install torch==2.13.0`` (CPU wheel), as

    .venv/bin/python tests/data/make_torch_reference.py

and its output committed. The tests compare ``sigmoid_course.lstm``, ``rnn`` and ``optim`` with
the numbers in the file, without PyTorch. Everything is float64 and small: a one-layer
``nn.LSTM`` and ``nn.RNN`` (tanh, relu) with I = 3, H = 4 on a batch of 2 sequences of 5 steps,
their outputs and, by autograd, the gradients of L = Σ upstream ⊙ output; one
``clip_grad_norm_``; and three steps of ``torch.optim.Adam``.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
STEPS, BATCH, INPUTS, HIDDEN = 5, 2, 3, 4
NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def listed(tensor: torch.Tensor) -> list:
    return tensor.detach().tolist()


def layer_case(layer: torch.nn.Module, lstm: bool) -> dict:
    # Larger weights than the default, so that the gates leave their linear range.
    with torch.no_grad():
        for parameter in layer.parameters():
            parameter.uniform_(-1.0, 1.0)
    x = torch.randn(STEPS, BATCH, INPUTS, requires_grad=True)
    h0 = torch.randn(1, BATCH, HIDDEN, requires_grad=True)
    c0 = torch.randn(1, BATCH, HIDDEN, requires_grad=True)
    upstream = torch.randn(STEPS, BATCH, HIDDEN)
    if lstm:
        output, (h_n, c_n) = layer(x, (h0, c0))
    else:
        output, h_n = layer(x, h0)
    (output * upstream).sum().backward()
    case = {
        "params": {name: listed(getattr(layer, f"{name}_l0")) for name in NAMES},
        "x": listed(x),
        "h0": listed(h0[0]),
        "upstream": listed(upstream),
        "output": listed(output),
        "h_n": listed(h_n[0]),
        "grads": {name: listed(getattr(layer, f"{name}_l0").grad) for name in NAMES},
    }
    case["grads"]["x"] = listed(x.grad)
    case["grads"]["h0"] = listed(h0.grad[0])
    if lstm:
        case["c0"] = listed(c0[0])
        case["c_n"] = listed(c_n[0])
        case["grads"]["c0"] = listed(c0.grad[0])
    return case


def optimiser_case() -> dict:
    weights = torch.randn(3, 2, requires_grad=True)
    start = weights.detach().clone()
    optimiser = torch.optim.Adam([weights], lr=0.05, betas=(0.9, 0.999), eps=1e-8)
    gradients = [torch.randn(3, 2) * scale for scale in (1.0, 10.0, 0.1)]
    for gradient in gradients:
        optimiser.zero_grad()
        weights.grad = gradient.clone()
        optimiser.step()
    clipped = {"a": torch.randn(4) * 3, "b": torch.randn(2, 2) * 3}
    before = {name: listed(value) for name, value in clipped.items()}
    tensors = [value.clone().requires_grad_() for value in clipped.values()]
    for tensor, value in zip(tensors, clipped.values(), strict=True):
        tensor.grad = value.clone()
    norm = torch.nn.utils.clip_grad_norm_(tensors, max_norm=1.5)
    return {
        "adam": {
            "start": listed(start),
            "grads": [listed(g) for g in gradients],
            "lr": 0.05,
            "end": listed(weights),
        },
        "clip": {
            "grads": before,
            "max_norm": 1.5,
            "norm": float(norm),
            "clipped": {n: listed(t.grad) for n, t in zip(clipped, tensors, strict=True)},
        },
    }


reference = {
    "_produced_by": "tests/data/make_torch_reference.py with torch " + torch.__version__,
    "lstm": layer_case(torch.nn.LSTM(INPUTS, HIDDEN), lstm=True),
    "rnn_tanh": layer_case(torch.nn.RNN(INPUTS, HIDDEN, nonlinearity="tanh"), lstm=False),
    "rnn_relu": layer_case(torch.nn.RNN(INPUTS, HIDDEN, nonlinearity="relu"), lstm=False),
    **optimiser_case(),
}
path = Path(__file__).with_name("torch_reference.json")
path.write_text(json.dumps(reference, indent=1) + "\n")
