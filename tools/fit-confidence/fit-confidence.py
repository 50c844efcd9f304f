#!/usr/bin/env python3
"""Fits AnswerConfidence's logistic model on `docent eval qa --details` files (pure Python, no packages).

Each details line holds the unthresholded answer's `confidenceEvidence` (the model inputs by name), `couldAnswer`
and `correctIfAnswered`. Only questions an answer could be given for are fitted: label 1 when that answer is right,
0 otherwise (a wrong answer to an answerable question, or any answer to an unanswerable one). Every file weighs the
same in total, so a small set counts as much as a large one. Newton's method (IRLS) with a small L2 penalty.

Then sweeps the threshold and prints, per file, answered-correctly and refused-correctly at each threshold exactly as
`docent eval qa` computes them, and the C# constants to paste into AnswerConfidence.cs.

    python3 tools/fit-confidence/fit-confidence.py squad2.jsonl clapnq.jsonl
"""
import json
import math
import sys

L2 = 1e-3


def load(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    return rows


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c] != 0:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if m[i][i] != 0 else 0 for i in range(n)]


def fit(xs, ys, ws):
    d = len(xs[0])
    beta = [0.0] * d
    for _ in range(30):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y, w in zip(xs, ys, ws):
            z = sum(b * v for b, v in zip(beta, x))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i in range(d):
                grad[i] += w * (y - p) * x[i]
                for j in range(d):
                    hess[i][j] += w * p * (1 - p) * x[i] * x[j]
        for i in range(1, d):
            grad[i] -= L2 * beta[i]
            hess[i][i] += L2
        step = solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return beta


def confidence(beta, x):
    z = sum(b * v for b, v in zip(beta, x))
    return 1 / (1 + math.exp(-z))


def main(paths):
    sets = [(p, load(p)) for p in paths]
    names = list(next(r["confidenceEvidence"] for _, rows in sets for r in rows if r.get("confidenceEvidence")).keys())
    xs, ys, ws = [], [], []
    for _, rows in sets:
        fitted = [r for r in rows if r["couldAnswer"] and r.get("confidenceEvidence")]
        for r in fitted:
            xs.append([1.0] + [r["confidenceEvidence"][n] for n in names])
            ys.append(1.0 if r["correctIfAnswered"] else 0.0)
            ws.append(1000.0 / len(fitted))
    beta = fit(xs, ys, ws)
    print("inputs:", ", ".join(names))
    print("private const double Intercept = %.4f;" % beta[0])
    print("private static readonly double[] Weights = [%s];" % ", ".join("%.4f" % b for b in beta[1:]))

    curves = []
    for path, rows in sets:
        answerable = [r for r in rows if not r["unanswerable"]]
        unanswerable = [r for r in rows if r["unanswerable"]]
        conf = {id(r): confidence(beta, [1.0] + [r["confidenceEvidence"][n] for n in names]) if r["couldAnswer"] else None for r in rows}
        curve = []
        for step in range(101):
            t = step / 100
            answered = lambda r: r["couldAnswer"] and conf[id(r)] >= t
            a = sum(1 for r in answerable if answered(r) and r["correctIfAnswered"]) / max(1, len(answerable))
            u = sum(1 for r in unanswerable if not answered(r)) / max(1, len(unanswerable))
            curve.append((t, a, u))
        curves.append((path, curve))
    print("threshold  " + "  ".join("%s answered/refused" % p for p, _ in curves))
    for step in range(0, 101, 2):
        print("%.2f       " % (step / 100) + "  ".join("%.4f / %.4f" % (c[step][1], c[step][2]) for _, c in curves))


if __name__ == "__main__":
    main(sys.argv[1:])
