#!/usr/bin/env python3
"""The default flowmatch tabular recipe written in PyTorch, for timing (usage: torch_same_recipe.py TRAIN.csv ITERATIONS STEPS): standardize numerics, one-hot
categoricals, MLP [x, t] -> 4 x (Linear 128, ELU) -> Linear d, CondOT, t = sigmoid(1.5 + N(0,1)), Adam 1e-2
cosine to 0, batch 256, 5000 steps; Euler 12 steps for N rows. One thread. Prints train_s, sample_s (wall)
and the process CPU seconds of each."""
import csv, sys, time, math
import numpy as np, torch
torch.set_num_threads(1)
torch.manual_seed(0)
path, iters, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path) as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
cols = list(zip(*rows))
blocks = []
for name, col in zip(header, cols):
    try:
        x = np.array([float(v) for v in col], np.float32)
        blocks.append(((x - x.mean()) / (x.std() or 1))[:, None])
    except ValueError:
        levels = sorted(set(col)); idx = {v: i for i, v in enumerate(levels)}
        oh = np.zeros((len(col), len(levels)), np.float32); oh[np.arange(len(col)), [idx[v] for v in col]] = 1
        blocks.append(oh)
data = torch.from_numpy(np.hstack(blocks)); n, d = data.shape
layers, w = [], d + 1
for _ in range(4):
    layers += [torch.nn.Linear(w, 128), torch.nn.ELU()]; w = 128
net = torch.nn.Sequential(*layers, torch.nn.Linear(128, d))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, iters)
c0, t0 = time.process_time(), time.time()
for _ in range(iters):
    x1 = data[torch.randint(0, n, (256,))]; x0 = torch.randn_like(x1)
    t = torch.sigmoid(1.5 + torch.randn(256, 1))
    loss = ((net(torch.cat([(1 - t) * x0 + t * x1, t], 1)) - (x1 - x0)) ** 2).mean()
    opt.zero_grad(); loss.backward(); opt.step(); sched.step()
c1, t1 = time.process_time(), time.time()
with torch.no_grad():
    out = []
    for s in range(0, n, 2048):
        x = torch.randn(min(2048, n - s), d); h = 1.0 / steps
        for i in range(steps):
            x = x + h * net(torch.cat([x, torch.full((x.shape[0], 1), i * h)], 1))
        out.append(x)
c2, t2 = time.process_time(), time.time()
print(f"torch rows={n} d={d} train_s={t1-t0:.1f} train_cpu_s={c1-c0:.1f} sample_s={t2-t1:.2f} sample_cpu_s={c2-c1:.2f} loss={loss.item():.4f}")
