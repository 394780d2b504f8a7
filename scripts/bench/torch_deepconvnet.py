#!/usr/bin/env python3
"""PyTorch CPU DeepConvNet with the training run of "Deep Learning from Scratch" ch08/train_deepnet.py.

The side-by-side reference of dldw's `ch08_train_deepnet` (scripts/bench/compare.sh, CHAPTERS=8),
written from the book's description (section 8.1, ch08/deep_convnet.py) on the pattern of
../shared/baselines/torch_convnet.py, whose flags it keeps:
- input (N, 1, 28, 28), pixels u8 / 255 as float32, labels as class indices;
- six 3x3 convolutions, stride 1 (F.conv2d: cross-correlation, as the book's im2col), of 16, 16,
  32, 32, 64, 64 filters, pad 1 except conv4's pad 2, each followed by ReLU, a 2x2 max pool of
  stride 2 after every second one: 1x28x28 -> 16x28x28 -> 16x14x14 -> 32x14x14 -> 32x16x16 ->
  32x8x8 -> 64x8x8 -> 64x4x4; flatten in (c, y, x) order (1024) -> x @ W7 + b7 (50) -> ReLU ->
  Dropout 0.5 -> x @ W8 + b8 (10) -> Dropout 0.5 -> softmax cross-entropy (F.cross_entropy, mean
  over the batch; the book adds 1e-7 inside the log);
- the book's Dropout: in training each unit is kept where a uniform draw exceeds 0.5, with no
  rescaling; at test time every unit is multiplied by 0.5 (torch's F.dropout rescales instead);
- parameters in the BOOK's layout and names: W1 (16, 1, 3, 3) ... W6 (64, 64, 3, 3), b1 ... b6,
  W7 (1024, 50), b7, W8 (50, 10), b8; He initialisation sqrt(2 / fan_in) * randn with the
  book's fan-ins 9, 144, 144, 288, 288, 576, 1024, 50, drawn W1 ... W8 in that order from a
  torch.Generator seeded with --seed, biases 0;
- Adam, lr 0.001, beta1 0.9, beta2 0.999: --adam book (default) is the book's update exactly
  (see torch_convnet.py), --adam torch is torch.optim.Adam(eps=1e-7);
- a mini-batch of 100 indices drawn WITH replacement per iteration (torch.randint, like
  np.random.choice(60000, 100)), 12000 iterations (20 epochs of 600);
- one forward + one backward per iteration, the input needing no gradient (so conv1's input
  gradient is not computed, as dldw's first layer skips it); --loss-pass adds the book Trainer's
  second forward on the same batch after the update, only to record the loss (dldw's example
  leaves it out, so compare.sh does too);
- after the update of iteration i, whenever i % --eval-every == 0, the accuracy on the first
  --eval-samples (1000) training and test images, printed as the book does; at the end the
  accuracy on the first --final-samples test images.
Own timers: torch import, data load, the training loop in ms/iteration (evaluations excluded),
periodic evaluations, the final evaluation (the "time:" line, read by compare.sh).

--eval-weights FILE.safetensors reads weights in the book's layout (e.g.
../shared/book_weights/deep_convnet.safetensors, the book's trained ch08/deep_convnet_params.pkl)
and prints their test accuracy and the number of misclassified images (0.9935 / 65 for the
book's file), a check that this script's network is the book's. --save FILE.safetensors writes
the trained weights in the same layout.
"""
import argparse
import gzip
import math
import os
import time

T0 = time.perf_counter()

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"),
                help="folder with the 4 MNIST *-ubyte.gz files")
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's own)")
ap.add_argument("--iters", type=int, default=12000, help="iterations (book: 20 epochs of 600 = 12000)")
ap.add_argument("--eval-every", type=int, default=600, help="evaluate after the update of iteration i when i %% N == 0")
ap.add_argument("--eval-samples", type=int, default=1000, help="first N train and test images per evaluation (book: 1000)")
ap.add_argument("--final-samples", type=int, default=10000, help="test images for the final evaluation (book: all 10000)")
ap.add_argument("--batch", type=int, default=100)
ap.add_argument("--eval-batch", type=int, default=100, help="images per forward pass when evaluating (book: 100)")
ap.add_argument("--lr", type=float, default=0.001)
ap.add_argument("--adam", choices=["book", "torch"], default="book")
ap.add_argument("--loss-pass", action="store_true", help="the book Trainer's second forward after each update")
ap.add_argument("--print-loss", action="store_true", help="print 'train loss:L' every iteration, as the book")
ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
ap.add_argument("--eval-weights", metavar="SAFETENSORS", help="evaluate book-layout weights on the test set and exit")
ap.add_argument("--save", metavar="SAFETENSORS", help="save the trained weights in the book's layout")
args = ap.parse_args()
for flag in ("threads", "iters", "eval_every", "eval_samples", "final_samples", "batch", "eval_batch"):
    value = getattr(args, flag)
    if value is not None and value < 1:
        ap.error(f"--{flag.replace('_', '-')} {value}: give at least 1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

T_IMPORT = time.perf_counter()
if args.threads is not None:
    torch.set_num_threads(args.threads)
dt = torch.float32 if args.dtype == "float32" else torch.float64


def read_idx(path, magic, ndim):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    assert int.from_bytes(raw[0:4], "big") == magic, path
    dims = [int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def images(name):
    u8 = read_idx(os.path.join(args.data, name), 0x803, 3).reshape(-1, 1, 28, 28)
    return (torch.from_numpy(u8.astype(np.float32)) / 255.0).to(dt).contiguous()


def labels(name):
    return torch.from_numpy(read_idx(os.path.join(args.data, name), 0x801, 1).astype(np.int64))


x_train, t_train = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
x_test, t_test = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
T_LOAD = time.perf_counter()

# (filters, channels in, pad) of conv1 ... conv6; the book's pre_node_nums are C·3·3, 64·4·4, 50.
CONVS = [(16, 1, 1), (16, 16, 1), (32, 16, 1), (32, 32, 2), (64, 32, 1), (64, 64, 1)]
HIDDEN, OUT, FLAT, RATIO = 50, 10, 64 * 4 * 4, 0.5
NAMES = [f"{p}{i}" for i in range(1, 9) for p in ("W", "b")]

gen = torch.Generator().manual_seed(args.seed)
P = {}
for i, (fn, c, _) in enumerate(CONVS, start=1):
    P[f"W{i}"] = math.sqrt(2.0 / (c * 9)) * torch.randn(fn, c, 3, 3, generator=gen, dtype=torch.float64)
    P[f"b{i}"] = torch.zeros(fn, dtype=torch.float64)
P["W7"] = math.sqrt(2.0 / FLAT) * torch.randn(FLAT, HIDDEN, generator=gen, dtype=torch.float64)
P["b7"] = torch.zeros(HIDDEN, dtype=torch.float64)
P["W8"] = math.sqrt(2.0 / HIDDEN) * torch.randn(HIDDEN, OUT, generator=gen, dtype=torch.float64)
P["b8"] = torch.zeros(OUT, dtype=torch.float64)
P = {k: v.to(dt).requires_grad_() for k, v in P.items()}


def dropout(h, train):
    """The book's Dropout: a mask of uniform draws > ratio in training, x (1 - ratio) at test time."""
    if train:
        return h * (torch.rand(h.shape, generator=gen, dtype=h.dtype) > RATIO)
    return h * (1.0 - RATIO)


def forward(x, train):
    h = x
    for i, (_, _, pad) in enumerate(CONVS, start=1):
        h = F.relu(F.conv2d(h, P[f"W{i}"], P[f"b{i}"], stride=1, padding=pad))
        if i % 2 == 0:
            h = F.max_pool2d(h, kernel_size=2, stride=2)
    h = torch.addmm(P["b7"], h.flatten(1), P["W7"])             # (N, 50); flatten index c*16 + y*4 + x
    h = dropout(F.relu(h), train)
    return dropout(torch.addmm(P["b8"], h, P["W8"]), train)     # (N, 10)


@torch.no_grad()
def predictions(x):
    n = (x.shape[0] // args.eval_batch) * args.eval_batch       # the book drops a partial batch
    return torch.cat([forward(x[i:i + args.eval_batch], False).argmax(dim=1) for i in range(0, n, args.eval_batch)])


def accuracy(x, t):
    p = predictions(x)
    return (p == t[:p.shape[0]]).sum().item() / x.shape[0]


if args.eval_weights:
    from safetensors.torch import load_file
    w = load_file(args.eval_weights)
    with torch.no_grad():
        for k in NAMES:
            assert tuple(w[k].shape) == tuple(P[k].shape), (k, w[k].shape, P[k].shape)
            P[k].copy_(w[k].to(dt))
    te = time.perf_counter()
    p = predictions(x_test)
    wrong = (p != t_test).nonzero().flatten().tolist()
    print(f"{args.eval_weights} ({args.dtype}): test acc {1 - len(wrong) / x_test.shape[0]:.4f}, "
          f"{len(wrong)} wrong; first 20 wrong (index, label, prediction): "
          f"{[(i, int(t_test[i]), int(p[i])) for i in wrong[:20]]} ({time.perf_counter() - te:.2f} s)")
    raise SystemExit(0)

params = [P[k] for k in NAMES]
B1, B2, EPS = 0.9, 0.999, 1e-7
if args.adam == "torch":
    opt = torch.optim.Adam(params, lr=args.lr, betas=(B1, B2), eps=EPS)
else:
    m_state = [torch.zeros_like(p) for p in params]
    v_state = [torch.zeros_like(p) for p in params]
step_t = 0


@torch.no_grad()
def adam_book_step():
    global step_t
    step_t += 1
    lr_t = args.lr * math.sqrt(1.0 - B2 ** step_t) / (1.0 - B1 ** step_t)
    grads = [p.grad for p in params]
    torch._foreach_lerp_(m_state, grads, 1.0 - B1)           # m += (1-b1)(g - m)
    torch._foreach_lerp_(v_state, torch._foreach_mul(grads, grads), 1.0 - B2)
    denom = torch._foreach_sqrt(v_state)
    torch._foreach_add_(denom, EPS)
    torch._foreach_addcdiv_(params, m_state, denom, value=-lr_t)


train_size = x_train.shape[0]
epoch = 0
eval_s = 0.0
t_after_warm = None
WARM = min(20, args.iters // 10)
T1 = time.perf_counter()
for i in range(args.iters):
    if i == WARM:
        t_after_warm = time.perf_counter()
        eval_at_warm = eval_s
    idx = torch.randint(0, train_size, (args.batch,), generator=gen)
    xb, tb = x_train[idx], t_train[idx]
    for p in params:
        p.grad = None
    loss = F.cross_entropy(forward(xb, True), tb)
    loss.backward()
    if args.adam == "torch":
        opt.step()
    else:
        adam_book_step()
    if args.loss_pass:
        with torch.no_grad():
            loss = F.cross_entropy(forward(xb, True), tb)
    if args.print_loss:
        print(f"train loss:{loss.item()}")
    if i % args.eval_every == 0:
        te = time.perf_counter()
        epoch += 1
        n = args.eval_samples
        tr_acc = accuracy(x_train[:n], t_train[:n])
        ts_acc = accuracy(x_test[:n], t_test[:n])
        eval_s += time.perf_counter() - te
        print(f"=== epoch:{epoch}, train acc:{tr_acc}, test acc:{ts_acc} ===", flush=True)
T2 = time.perf_counter()
n = args.final_samples
test_acc = accuracy(x_test[:n], t_test[:n])
T3 = time.perf_counter()
print("=============== Final Test Accuracy ===============")
print(f"test acc:{test_acc}")
if args.save:
    from safetensors.torch import save_file
    save_file({k: P[k].detach().contiguous() for k in NAMES}, args.save)
    print(f"saved {args.save}")

train_s = T2 - T1 - eval_s
steady = ""
if t_after_warm is not None and args.iters > WARM:
    st = (T2 - t_after_warm - (eval_s - eval_at_warm)) / (args.iters - WARM) * 1e3
    steady = f", {st:.2f} ms/iter after the first {WARM}"
print(f"config: torch {torch.__version__}, threads {torch.get_num_threads()}, {args.dtype}, adam {args.adam}, "
      f"loss pass {'on' if args.loss_pass else 'off'}, seed {args.seed}, iters {args.iters}, batch {args.batch}")
print(f"time: import {T_IMPORT - T0:.2f} s, load {T_LOAD - T_IMPORT:.2f} s, train {train_s:.2f} s = "
      f"{train_s / max(args.iters, 1) * 1e3:.2f} ms/iter{steady}, evals {eval_s:.2f} s ({epoch} x "
      f"{2 * args.eval_samples} images), final eval {T3 - T2:.2f} s ({n} images), total {T3 - T0:.2f} s")
