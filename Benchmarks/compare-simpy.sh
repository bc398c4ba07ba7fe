#!/usr/bin/env bash
# Runs the hold model on FleetSim's engine, on a bare 4-ary heap, on the two candidate event
# lists bare (a calendar queue and a ladder queue, EngineBenchmarks/) and in SimPy (callback style),
# in one go on this machine, and prints events/s and the ratios. Needs GSL and `pip install simpy`.
#   Benchmarks/compare-simpy.sh [populations] [events]
set -euo pipefail
cd "$(dirname "$0")/.."
populations=${1:-1000,10000,1000000}
events=${2:-4000000}
python3 -c "import simpy" 2>/dev/null || pip install --quiet simpy
swift build -c release --product fleetsim >&2
fleetsim_json=$(.build/release/fleetsim bench --json --populations "$populations" --events "$events")
simpy_json=$(python3 Benchmarks/simpy_hold.py --populations "$populations" --events $((events / 4)))
python3 - "$fleetsim_json" "$simpy_json" <<'PY'
import json, sys
engine = {row["population"]: row for row in json.loads(sys.argv[1])}
simpy = {row["population"]: row["simpy_events_per_second"]
         for row in map(json.loads, sys.argv[2].splitlines())}
print(f"{'P':>9} {'engine ev/s':>13} {'bare heap ev/s':>15} {'engine/heap':>12} {'calendar q. ev/s':>17} {'queue/heap':>11} "
      f"{'ladder q. ev/s':>15} {'ladder/heap':>12} {'SimPy ev/s':>11} {'engine/SimPy':>13}")
for population, row in sorted(engine.items()):
    s = simpy[population]
    print(f"{population:>9} {row['engine_events_per_second']:>13,} {row['bare_heap_events_per_second']:>15,} "
          f"{row['ratio']:>12.2f} {row['calendar_queue_events_per_second']:>17,} "
          f"{row['calendar_queue_events_per_second'] / row['bare_heap_events_per_second']:>11.2f} "
          f"{row['ladder_queue_events_per_second']:>15,} "
          f"{row['ladder_queue_events_per_second'] / row['bare_heap_events_per_second']:>12.2f} "
          f"{s:>11,} {row['engine_events_per_second'] / s:>12.1f}x")
PY
