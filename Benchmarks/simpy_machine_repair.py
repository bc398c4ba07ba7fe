#!/usr/bin/env python3
"""The machine-repair model in SimPy, as its users write it: the yardstick for FleetSim's
repair_pool model (Benchmarks/machine-repair.yaml holds the same parameters).

N machines, each a process: up for Exp(MTTF), then it requests one of c technicians
(simpy.Resource), is repaired in Exp(MTTR), and goes back up. Kept: the time-average number of
machines down, failures, and the mean wait for a technician. Prints one JSON object:
{"replications": R, "seconds_per_replication": ..., "events_per_replication": ...}.
"""
import argparse
import json
import random
import time

import simpy


def replicate(seed: int, machines: int, technicians: int, mttf: float, mttr: float, horizon: float) -> dict:
    env = simpy.Environment()
    crew = simpy.Resource(env, capacity=technicians)
    rng = random.Random(seed)
    state = {"down": 0, "area": 0.0, "last": 0.0, "failures": 0, "wait": 0.0, "events": 0}

    def change(delta: int) -> None:
        state["area"] += state["down"] * (env.now - state["last"])
        state["last"] = env.now
        state["down"] += delta

    def machine():
        while True:
            yield env.timeout(rng.expovariate(1 / mttf))
            state["failures"] += 1
            change(+1)
            failed = env.now
            with crew.request() as request:
                yield request
                state["wait"] += env.now - failed
                yield env.timeout(rng.expovariate(1 / mttr))
            change(-1)
            state["events"] += 2

    for _ in range(machines):
        env.process(machine())
    env.run(until=horizon)
    change(0)
    return {"mean_down": state["area"] / horizon, "failures": state["failures"], "events": state["events"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--technicians", type=int, default=2)
    parser.add_argument("--mttf", type=float, default=1000)
    parser.add_argument("--mttr", type=float, default=2)
    parser.add_argument("--years", type=float, default=30)
    args = parser.parse_args()
    start = time.process_time()
    events = 0
    for seed in range(args.replications):
        events += replicate(seed, args.machines, args.technicians, args.mttf, args.mttr, args.years * 8760)["events"]
    seconds = time.process_time() - start
    print(json.dumps({"replications": args.replications, "seconds_per_replication": seconds / args.replications,
                      "events_per_replication": events // args.replications}))


if __name__ == "__main__":
    main()
