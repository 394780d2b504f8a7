#!/usr/bin/env python3
"""The book's gradient check (5.7.3) in NumPy, as a time reference for dldw's.

784-50-10 two-layer net (ReLU, softmax + cross-entropy with delta 1e-7), weights N(0, 0.01^2),
float64, the first 3 training images: every parameter's numerical gradient by central
difference (h = 1e-4, each element moved and put back, the whole forward pass recomputed),
then the mean |backprop - numerical| per parameter, as ch05/gradient_check.py prints.

    python3 scripts/bench/gradient_check_numpy.py [MNIST_DIR]      (default data/mnist)
"""
import gzip
import os
import sys
import time

import numpy as np

t0 = time.perf_counter()
mnist = sys.argv[1] if len(sys.argv) > 1 else "data/mnist"
with gzip.open(os.path.join(mnist, "train-images-idx3-ubyte.gz")) as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16)[: 3 * 784].reshape(3, 784) / 255.0
with gzip.open(os.path.join(mnist, "train-labels-idx1-ubyte.gz")) as f:
    t = np.frombuffer(f.read(), np.uint8, offset=8)[:3].astype(np.int64)

rng = np.random.default_rng(0)
params = {"W1": 0.01 * rng.standard_normal((784, 50)), "b1": np.zeros(50),
          "W2": 0.01 * rng.standard_normal((50, 10)), "b2": np.zeros(10)}


def loss():
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    a = h @ params["W2"] + params["b2"]
    y = np.exp(a - a.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    return -np.log(y[np.arange(3), t] + 1e-7).sum() / 3


def backprop():
    h_in = x @ params["W1"] + params["b1"]
    h = np.maximum(h_in, 0)
    a = h @ params["W2"] + params["b2"]
    y = np.exp(a - a.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    da = y.copy()
    da[np.arange(3), t] -= 1
    da /= 3
    dh = (da @ params["W2"].T) * (h_in > 0)
    return {"W1": x.T @ dh, "b1": dh.sum(0), "W2": h.T @ da, "b2": da.sum(0)}


def numerical(p, h=1e-4):
    grad = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        w = p[i]
        p[i] = w + h
        up = loss()
        p[i] = w - h
        down = loss()
        p[i] = w
        grad[i] = (up - down) / (2 * h)
    return grad


t1 = time.perf_counter()
exact = backprop()
for name, p in params.items():
    print(f"{name}:{np.abs(exact[name] - numerical(p)).mean():.1e}")
print(f"gradient check {time.perf_counter() - t1:.2f} s (whole script {time.perf_counter() - t0:.2f} s)")
