"""Judge of the defaults study: exact W2 of every run's samples, by the bench's evaluator.

usage: judge.py DIR [--bench ../shared/bench] [--n 4000] [--seed 7]

Reads DIR/samples/CANDIDATE/DATASET-sSEED.(csv|npy) (CANDIDATE 'torch' is the PyTorch reference)
and scores each as ../shared/bench/evaluate.py does: a random subset of n samples (the permutation
of numpy's default_rng(seed)) against n true points, W2 by exact OT (evaluate.w2).
The true points of moons, spiral, annulus and 8gaussians are the evaluator's own (toy.sample with
seed + 1, floor against seed + 2), exactly as evaluate.py draws them. toy.py does not know
checkerboard and swiss roll: their true points are DIR/data/NAME-reference.csv (drawn from
flowmatch's generators with another seed than the training file, rows 0..n-1; the floor compares
rows n..2n-1), and the same reference scores our samples and the PyTorch reference's.

Also checks that flowmatch's generators draw toy.py's distributions for the four shared sets
(W2 of DIR/data/NAME-reference.csv against toy.py's points, beside the floor).

Writes DIR/w2.csv (candidate,dataset,seed,w2,floor,mtime) and prints markdown tables: the mean W2
over seeds of each candidate on each data set with its ratio to the reference's mean (and the
worst and the geometric mean of those ratios), and the summary of the default recipe (mean,
sample standard deviation and worst seed).
"""
import argparse
import csv
import os
import re
import sys

import numpy as np

OWN_REFERENCE = ("checkerboard", "swissroll")
ORDER = ["moons", "spiral", "annulus", "8gaussians", "checkerboard", "swissroll"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--bench", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "bench"))
    p.add_argument("--n", type=int, default=4000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--summary", default="default", help="the candidate of the summary table")
    p.add_argument("--baseline", default="toy", help="the candidate the summary compares with besides torch")
    a = p.parse_args()
    sys.path.insert(0, os.path.abspath(a.bench))
    import evaluate  # noqa: E402  (the bench's judge: load, w2)
    import toy  # noqa: E402

    refs = {}

    def reference(name):
        if name not in refs:
            if name in OWN_REFERENCE:
                pts = evaluate.load(os.path.join(a.dir, "data", name + "-reference.csv"))
                if len(pts) < 2 * a.n:
                    sys.exit(f"{name}-reference.csv has {len(pts)} points, need {2 * a.n}")
                refs[name] = (pts[: a.n], pts[a.n: 2 * a.n])
            else:
                refs[name] = (toy.sample(name, a.n, seed=a.seed + 1), toy.sample(name, a.n, seed=a.seed + 2))
        return refs[name]

    floors = {}

    def floor(name):
        if name not in floors:
            r, r2 = reference(name)
            floors[name] = evaluate.w2(r2, r)
        return floors[name]

    # generator check: flowmatch's points against toy.py's, four shared sets
    check = []
    for name in ORDER:
        if name in OWN_REFERENCE:
            continue
        path = os.path.join(a.dir, "data", name + "-reference.csv")
        if os.path.exists(path):
            ours = evaluate.load(path)[: a.n]
            check.append((name, evaluate.w2(ours, reference(name)[0]), floor(name)))

    pattern = re.compile(r"^(?P<ds>[A-Za-z0-9]+)-s(?P<seed>\d+)\.(csv|npy)$")
    rows = []
    out_path = os.path.join(a.dir, "w2.csv")
    done = {}
    if os.path.exists(out_path):  # reuse scores of unchanged files
        with open(out_path) as f:
            for r in csv.DictReader(f):
                done[(r["candidate"], r["dataset"], r["seed"], r.get("mtime", ""))] = r
    samples = os.path.join(a.dir, "samples")
    for cand in sorted(os.listdir(samples)):
        for fname in sorted(os.listdir(os.path.join(samples, cand))):
            m = pattern.match(fname)
            if not m:
                continue
            path = os.path.join(samples, cand, fname)
            ds, seed = m.group("ds"), m.group("seed")
            mtime = str(int(os.path.getmtime(path)))
            key = (cand, ds, seed, mtime)
            if key in done:
                rows.append(done[key])
                continue
            x = evaluate.load(path)
            if x.ndim != 2 or x.shape[1] != 2 or len(x) < a.n or not np.isfinite(x).all():
                print(f"skipping {path}: shape {x.shape} or non-finite values", file=sys.stderr)
                continue
            x = x[np.random.default_rng(a.seed).permutation(len(x))[: a.n]]
            d = evaluate.w2(x, reference(ds)[0])
            rows.append({"candidate": cand, "dataset": ds, "seed": seed, "w2": f"{d:.5f}",
                         "floor": f"{floor(ds):.5f}", "mtime": mtime})
            print(f"{cand} {ds} seed {seed}: w2={d:.4f}", file=sys.stderr)
    with open(out_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["candidate", "dataset", "seed", "w2", "floor", "mtime"])
        w.writeheader()
        w.writerows(rows)

    table = {}
    for r in rows:
        table.setdefault((r["candidate"], r["dataset"]), []).append(float(r["w2"]))
    datasets = [d for d in ORDER if any(k[1] == d for k in table)]
    candidates = sorted({k[0] for k in table}, key=lambda c: (c != "torch", c))

    def mean(c, d):
        v = table.get((c, d))
        return float(np.mean(v)) if v else float("nan")

    if check:
        print("Generator check (flowmatch's points vs toy.py's, W2 of %d; the floor compares two toy.py samples):" % a.n)
        print("| data set | W2 flowmatch vs toy.py | floor |")
        print("|---|---|---|")
        for name, d, f in check:
            print(f"| {name} | {d:.4f} | {f:.4f} |")
        print()

    print(f"Mean W2 over seeds (ratio to the PyTorch reference's mean); {a.n} samples, exact OT:")
    print("| candidate | " + " | ".join(datasets) + " | worst ratio | geometric mean ratio |")
    print("|---|" + "---|" * (len(datasets) + 2))
    for c in candidates:
        cells, ratios = [], []
        for d in datasets:
            m, t = mean(c, d), mean("torch", d)
            ratio = m / t
            if np.isfinite(ratio):
                ratios.append(ratio)
            cells.append(f"{m:.4f}" + ("" if c == "torch" else f" ({ratio:.2f})"))
        summary = " | " if c == "torch" or not ratios else \
            f"{max(ratios):.2f} | {float(np.exp(np.mean(np.log(ratios)))):.2f}"
        print(f"| {c} | " + " | ".join(cells) + " | " + summary + " |")
    print()

    if (a.summary, datasets[0]) in table:
        def stats(c, d):
            v = table.get((c, d), [])
            if not v:
                return "n/a"
            sd = float(np.std(v, ddof=1)) if len(v) > 1 else 0.0
            return f"{np.mean(v):.4f} ± {sd:.4f} (max {max(v):.4f})"

        print(f"Summary: mean ± standard deviation over seeds (worst seed), W2 of {a.n} samples; floor = two true samples:")
        print(f"| data set | floor | PyTorch reference | {a.baseline} | {a.summary} | {a.summary} / reference |")
        print("|---|---|---|---|---|---|")
        for d in datasets:
            print(f"| {d} | {floor(d):.4f} | {stats('torch', d)} | {stats(a.baseline, d)} | {stats(a.summary, d)} | "
                  f"{mean(a.summary, d) / mean('torch', d):.2f} |")


if __name__ == "__main__":
    main()
