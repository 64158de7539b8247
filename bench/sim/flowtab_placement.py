#!/usr/bin/env python3
"""Placement in the connection table (bpf/lib/flowtab.h) under uniform hashing, no expiry.

For each fill level: the share of new flows that would find no free slot among their candidates
(and so displace a flow), and where the flows sit. `three` is the table's layout (a near bucket
among the first 16,384, then two far buckets beyond them); `two` is the layout before it (a first
and a second bucket anywhere), for comparison.

    python3 bench/sim/flowtab_placement.py [BUCKETS ...]
"""
import random
import sys

WAYS, SPARE, NEAR = 4, 2, 16384


def simulate(buckets, layout, fills=(0.25, 0.5, 0.75), probes=20000, seed=1):
    rnd = random.Random(seed)
    used = [0] * buckets
    near = min(NEAR, buckets)

    def far(h):
        return h % buckets if buckets <= near else near + (h * (buckets - near) >> 32)

    def choose(h1, h2, h3):
        free = lambda b: WAYS - used[b]
        if layout == "two":
            a, b = h1 % buckets, h2 % buckets
            if free(a) >= SPARE:
                return a, 0
            pick = (b, 1) if free(b) > free(a) else (a, 0)
            return pick if free(pick[0]) else (None, None)
        n, a, b = h1 % near, far(h2), far(h3)
        if free(n) >= SPARE:
            return n, 0
        if free(a) >= SPARE:
            return a, 1
        pick = (b, 2) if free(b) > free(a) else (a, 1)
        if free(pick[0]):
            return pick
        return (n, 0) if free(n) else (None, None)

    draw = lambda: (rnd.getrandbits(32), rnd.getrandbits(32), rnd.getrandbits(32))
    where, total = [0, 0, 0], 0
    for fill in fills:
        while total < int(buckets * WAYS * fill):
            bucket, which = choose(*draw())
            if bucket is not None:
                used[bucket] += 1
                where[which] += 1
                total += 1
        full = sum(choose(*draw())[0] is None for _ in range(probes))
        yield fill, 100.0 * full / probes, [round(100.0 * w / total, 1) for w in where]


for buckets in [int(a) for a in sys.argv[1:]] or [65536, 1048576]:
    for layout in ("three", "two"):
        for fill, full, where in simulate(buckets, layout):
            print(f"{buckets} buckets, {layout}: {fill:.2f} full: {full:.3f} % of new flows find no free slot; "
                  f"flows in first/second/third bucket: {where} %")
