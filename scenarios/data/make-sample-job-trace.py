#!/usr/bin/env python3
"""Generates scenarios/data/sample-job-trace.csv, a small synthetic job trace (docs/job-traces.md).

    python3 scenarios/data/make-sample-job-trace.py > scenarios/data/sample-job-trace.csv

Synthetic, not measured: 800 jobs over about 30 days from two tenants. Arrivals are Poisson
(mean 0.9 h apart); sizes are GPU counts of whole 8-GPU nodes, mostly small with a tail of large jobs,
after the shape of public cluster traces (Acme/Kalos averages 26.8 GPUs per GPU job, Philly 1.9;
reference §3); durations are lognormal with a median of 4 h (sigma 1.2). One job in ten belongs to
the `product` tenant at priority 5; the rest to `research` at priority 0. Seeded: the output is
always the same.
"""
import math
import random


def main() -> None:
    rng = random.Random(20261129)
    sizes = [8, 16, 32, 64, 128, 256]
    weights = [0.40, 0.20, 0.15, 0.13, 0.08, 0.04]
    t = 0.0
    print("submit_hours,gpus,duration_hours,priority,tenant,name")
    for number in range(1, 801):
        t += rng.expovariate(1 / 0.9)
        gpus = rng.choices(sizes, weights)[0]
        duration = math.exp(math.log(4.0) + 1.2 * rng.gauss(0, 1))
        product = rng.random() < 0.1
        print(f"{t:.3f},{gpus},{max(duration, 0.1):.3f},{5 if product else 0},{'product' if product else 'research'},job-{number:03d}")


if __name__ == "__main__":
    main()
