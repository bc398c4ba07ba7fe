#!/usr/bin/env bash
# The machine-repair model (500 machines, 2 technicians, 30 years; Benchmarks/machine-repair.yaml)
# on FleetSim's repair_pool model and in SimPy as its users write it (process style,
# Benchmarks/simpy_machine_repair.py), in one go on this machine: CPU seconds per replication
# and the ratio. FleetSim's figure is the wall time of one process over all its replications,
# start-up (~0.1 s) and result files included: 200 replications by default, so that start-up
# is under 2% of it, as SimPy's CPU time leaves out the interpreter's. Then two yardsticks from
# `fleetsim bench` in the same go: an empty model (the hold model at P = 500: pop, dispatch, one
# GSL exponential draw, push, nothing else), and GSL's draws alone, one per event as this model
# draws, which no event list or model can take away: the ratio could not pass that bound.
# Needs GSL and `pip install simpy`.
#   Benchmarks/compare-simpy-repair.sh [fleetsim replications] [SimPy replications]
set -euo pipefail
cd "$(dirname "$0")/.."
replications=${1:-200}
simpy_replications=${2:-3}
python3 -c "import simpy" 2>/dev/null || pip install --quiet simpy
swift build -c release --product fleetsim >&2
output=$(mktemp -d)
trap 'rm -rf "$output"' EXIT
start=$(date +%s.%N)
.build/release/fleetsim run Benchmarks/machine-repair.yaml -r "$replications" --threads 1 -q -o "$output/run"
end=$(date +%s.%N)
simpy_json=$(python3 Benchmarks/simpy_machine_repair.py --replications "$simpy_replications")
hold_json=$(.build/release/fleetsim bench --json --populations 500 --events 4000000)
python3 - "$start" "$end" "$replications" "$simpy_json" "$output/run/summary.json" "$hold_json" <<'PY'
import json, sys
start, end, replications = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
simpy = json.loads(sys.argv[4])
with open(sys.argv[5]) as summary:
    events = json.load(summary)["events_fired"] / replications
hold_row = json.loads(sys.argv[6])[0]
hold, draws = hold_row["engine_events_per_second"], hold_row["draws_per_second"]
fleetsim = (end - start) / replications
print(f"machine repair, 500 machines, 2 technicians, 30 years ({simpy['events_per_replication']:,} events per replication)")
print(f"FleetSim  {fleetsim:.4f} s per replication (wall, one thread, {replications} replications, start-up and files included)")
print(f"SimPy     {simpy['seconds_per_replication']:.4f} s per replication (CPU, {simpy['replications']} replications)")
print(f"ratio     {simpy['seconds_per_replication'] / fleetsim:.1f}x")
floor = events / hold
print(f"empty     {simpy['seconds_per_replication'] / floor:.1f}x for a model costing nothing: the hold model at P = 500 "
      f"(one GSL draw per event) runs {hold:,} events/s, {floor:.4f} s for {events:,.0f} events")
draw_floor = events / draws
print(f"bound     {simpy['seconds_per_replication'] / draw_floor:.1f}x with nothing but the draws: GSL's exponential draws "
      f"alone run at {draws:,}/s, {draw_floor:.4f} s for one per event")
PY
