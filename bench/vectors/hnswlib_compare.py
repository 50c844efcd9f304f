#!/usr/bin/env python3
"""Measure hnswlib on the data `docent bench vectors --save-data DIR` wrote, with the same settings.

Usage: python3 bench/vectors/hnswlib_compare.py DIR [--metric cosine|ip|l2] [--m 16] [--ef-construction 200] [--threads 2]
Needs numpy and hnswlib (for example Debian's python3-numpy and python3-hnswlib). Recall@10 is measured against
the exact top 10 Docent's flat index computed (truth.i64); queries per second on one thread, best of three rounds,
both as one batch call and as one call per query (which adds Python's per-call cost).
"""
import argparse
import os
import time

import hnswlib
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("folder")
parser.add_argument("--metric", default="cosine")
parser.add_argument("--m", type=int, default=16)
parser.add_argument("--ef-construction", type=int, default=200)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--ef", default="16,32,64,128")
args = parser.parse_args()

keys = np.fromfile(os.path.join(args.folder, "keys.i64"), dtype="<i8")
data = np.fromfile(os.path.join(args.folder, "vectors.f32"), dtype="<f4").reshape(len(keys), -1)
queries = np.fromfile(os.path.join(args.folder, "queries.f32"), dtype="<f4").reshape(-1, data.shape[1])
truth = np.fromfile(os.path.join(args.folder, "truth.i64"), dtype="<i8").reshape(len(queries), -1)

index = hnswlib.Index(space=args.metric, dim=data.shape[1])
index.init_index(max_elements=len(keys), ef_construction=args.ef_construction, M=args.m, random_seed=42)
index.set_num_threads(args.threads)
start = time.perf_counter()
index.add_items(data, keys)
print(f"hnswlib ({hnswlib.__file__}): {len(keys)} x {data.shape[1]} built in {time.perf_counter() - start:.1f} s on {args.threads} threads")

index.set_num_threads(1)
for ef in (int(value) for value in args.ef.split(",")):
    index.set_ef(ef)
    found, _ = index.knn_query(queries, k=10)
    recall = np.mean([len(set(found[i].tolist()) & set(t for t in truth[i].tolist() if t >= 0)) / 10 for i in range(len(queries))])
    batch = single = 0.0
    for _ in range(3):
        start = time.perf_counter()
        index.knn_query(queries, k=10)
        batch = max(batch, len(queries) / (time.perf_counter() - start))
        start = time.perf_counter()
        for i in range(len(queries)):
            index.knn_query(queries[i:i + 1], k=10)
        single = max(single, len(queries) / (time.perf_counter() - start))
    print(f"ef {ef}: recall@10 {recall:.4f}, q/s on one thread: {batch:.0f} (one batch call), {single:.0f} (one call per query)")
