#!/usr/bin/env bash
# What sharding costs and gains on this machine (README, "Beyond one machine: measured").
#
#   Benchmarks/shards.sh [FLEETSIM]    (default: the release build; build it first)
#
# A. Overhead: a run of 200 replications of runbook-comparison over 10 years, whose tables
#    (a daily capacity series, incidents, jobs: 34 MB of shard files) make it the heaviest case
#    for shard files: as 8 workers (`--shard K`, one thread each, one after the other) and a
#    merge, with the time fleetsim reports for computing, writing and reading shard files.
# B. Speed-up on a single-node Slurm started here (2 CPUs): a compare of 3 strategies × 220
#    replications over 10 years, and the run of A, each as an array of one shard per CPU, from
#    submission until the merge wrote the results, against --threads 1.
# C. Merging 10,000 units (repair-pool, 10,000 replications, 8 shards): the merge alone.
set -euo pipefail
cd "$(dirname "$0")/.."
fleetsim=${1:-$(swift build -c release --show-bin-path)/fleetsim}
fleetsim=$(cd "$(dirname "$fleetsim")" && pwd)/$(basename "$fleetsim")
work=$(mktemp -d "${TMPDIR:-/tmp}/fleetsim-shards-bench.XXXXXX")
trap 'scripts/slurm-single-node stop "$work/slurm" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }
heavy=(run scenarios/runbook-comparison.yaml -r 200 --horizon 10y)
compare=(compare scenarios/runbook-comparison.yaml --strategies runbooks/manual.yaml,runbooks/scripted.yaml,runbooks/closed-loop.yaml -r 220 --horizon 10y)

echo "A. overhead of shard files (run, 200 units with tables)"
# Timed inside fleetsim (its log lines), since wall times of separate runs differ by ±10% here.
t=$(now); "$fleetsim" "${heavy[@]}" -q --threads 1 -o "$work/local"; local=$(since "$t")
for k in 0 1 2 3 4 5 6 7; do "$fleetsim" "${heavy[@]}" --threads 1 --shards 8 --shard "$k" --shard-dir "$work/a-shards" -o "$work/a" 2>>"$work/a.log" >/dev/null; done
t=$(now); "$fleetsim" "${heavy[@]}" --shards 8 --shard-dir "$work/a-shards" -o "$work/a" --merge 2>>"$work/a.log" >/dev/null; merge=$(since "$t")
computed=$(sed -n 's/.*units computed in \([0-9.]*\) s.*/\1/p' "$work/a.log" | paste -sd+ | bc)
written=$(sed -n 's/.*written in \([0-9.]*\) s.*/\1/p' "$work/a.log" | paste -sd+ | bc)
read=$(sed -n 's/.*shard files (200 units) in \([0-9.]*\) s.*/\1/p' "$work/a.log")
diff -r "$work/local" "$work/a" >/dev/null && same=identical || same=DIFFERENT
echo "   --threads 1: $local s; in the 8 workers: $computed s computing ($(echo "scale=1; 1000 * $computed / 200" | bc) ms per unit)"
echo "   shard files: written in $written s, read by the merge in $read s: $(echo "scale=2; 1000 * ($written + $read) / 200" | bc) ms per unit,"\
     "$(echo "scale=2; 100 * ($written + $read) / $computed" | bc)% of the run time ($(du -sh "$work/a-shards" | cut -f1) of shard files); merge $merge s; results $same"

echo "B. speed-up on a single-node Slurm ($(nproc) CPUs, one shard per CPU)"
if conf=$(scripts/slurm-single-node start "$work/slurm" 2>/dev/null); then
  export SLURM_CONF=$conf
  slurm() {  # NAME SHARDS STUDY...: seconds from submission to the merge's status file
    local name=$1 shards=$2; shift 2
    local t; t=$(now)
    "$fleetsim" launch slurm --shards "$shards" --shard-dir "$work/$name-shards" -- "$@" -o "$work/$name" >/dev/null
    until ls "$work/$name-shards"/slurm/merge-*.status >/dev/null 2>&1; do sleep 0.05; done
    since "$t"
  }
  t=$(now); "$fleetsim" "${compare[@]}" --threads 1 -o "$work/compare-local" >/dev/null; compare_local=$(since "$t")
  compare_slurm=$(slurm compare "$(nproc)" "${compare[@]}")
  cmp -s "$work/compare-local/comparison.csv" "$work/compare/comparison.csv" && same=identical || same=DIFFERENT
  echo "   compare, 660 units: --threads 1 $compare_local s; Slurm $compare_slurm s; speed-up $(ratio "$compare_local" "$compare_slurm")x; comparison.csv $same"
  heavy_slurm=$(slurm heavy "$(nproc)" "${heavy[@]}" -q)
  diff -r "$work/local" "$work/heavy" >/dev/null && same=identical || same=DIFFERENT
  echo "   run, 200 units with tables: --threads 1 $local s; Slurm $heavy_slurm s; speed-up $(ratio "$local" "$heavy_slurm")x; results $same"
  eight=$(slurm compare8 8 "${compare[@]}")
  echo "   compare as 8 array tasks (4 waves on 2 CPUs): $eight s; speed-up $(ratio "$compare_local" "$eight")x"
  echo "   compute inside the 2 compare tasks: $(sed -n 's/.*units computed in \([0-9.]*\) s.*/\1 s/p' "$work"/compare-shards/slurm/shard-*.out | paste -sd' ')"
else
  echo "   Slurm not available here; skipped"
fi

echo "C. merging 10,000 units"
"$fleetsim" run scenarios/repair-pool.yaml -r 10000 --horizon 30d -q --shards 8 --shard-dir "$work/c-shards" -o "$work/c" 2>/dev/null
t=$(now); "$fleetsim" run scenarios/repair-pool.yaml -r 10000 --horizon 30d -q --shards 8 --shard-dir "$work/c-shards" -o "$work/c" --merge
echo "   merge alone: $(since "$t") s ($(du -sh "$work/c-shards" | cut -f1) of shard files)"
