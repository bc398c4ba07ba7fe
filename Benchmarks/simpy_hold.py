#!/usr/bin/env python3
"""The hold model in SimPy, callback style: the yardstick for `fleetsim bench`.

P events stay pending; each fired event schedules one at now + Exp(1) from its callback
(SimPy's cheapest style: no generator process per event). Prints one JSON object per population:
{"population": P, "simpy_events_per_second": ...}. Best of --repeats timings, set-up excluded.
"""
import argparse
import json
import random
import time

import simpy


def hold(population: int, events: int, seed: int = 1) -> float:
    env = simpy.Environment()
    rng = random.Random(seed)
    expovariate = rng.expovariate
    remaining = [events]

    def fire(event):
        remaining[0] -= 1
        if remaining[0] > 0:
            env.timeout(expovariate(1.0)).callbacks.append(fire)
        else:
            raise StopSimulation()

    for _ in range(population):
        env.timeout(expovariate(1.0)).callbacks.append(fire)
    start = time.perf_counter()
    try:
        env.run()
    except StopSimulation:
        pass
    return time.perf_counter() - start


class StopSimulation(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populations", default="1000,10000,1000000")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for population in (int(p) for p in args.populations.split(",")):
        best = min(hold(population, args.events) for _ in range(args.repeats))
        print(json.dumps({"population": population, "simpy_events_per_second": round(args.events / best)}))


if __name__ == "__main__":
    main()
