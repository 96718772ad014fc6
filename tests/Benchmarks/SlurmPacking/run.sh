#!/usr/bin/env bash
# Slurm packing: 1,000 points of ~50 ms CPU work on this machine's one-node Slurm (tests/Slurm/cluster.sh), through
#   1. `dotnet experiment run --backend slurm` with automatic packing, no recorded durations (a first run),
#   2. the same with recorded durations (a second run: packing from the first run's results file),
#   3. `--backend slurm --points-per-task 1`: one array task per point, as a hand-written array job would do,
#   4. `--backend local` on the same two cores.
# Every run starts with --no-build from an empty journal; the package is published and copied to the shared directory
# once, by a warm-up run, as a user's first run would. Usage (as root): [SKIP_ONE_PER_TASK=1] tests/Benchmarks/SlurmPacking/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
workload="$here/Workload"
shared="/tmp/experiments-benchmark-slurm"
results="$here/results.md"

# With SKIP_ONE_PER_TASK=1 the one-point-per-task run (over 8 minutes) is left out and the running cluster is used as it
# is; otherwise Slurm gets its default MaxArraySize, so that 1,000 one-point tasks fit one array as on a typical cluster.
skip_one_per_task="${SKIP_ONE_PER_TASK:-0}"
if [[ "$skip_one_per_task" != 1 ]]; then
  EXPERIMENTS_SLURM_MAX_ARRAY_SIZE=1001 bash "$root/tests/Slurm/cluster.sh"
fi
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/src/Tool/Experiments.Tool.csproj" -c Release -nologo -v q
dotnet build "$workload/Workload.csproj" -c Release -nologo -v q
tool=(dotnet "$root/src/Tool/bin/Release/net10.0/dotnet-experiment.dll")

rm -rf "$shared"
printf '{ "slurm": { "sharedDirectory": "%s" } }\n' "$shared" > "$workload/experiments.json"
forget_runs() { rm -rf "$workload/.experiments/runs"; }
forget_results() { rm -f "$workload/Fifty.Point.results.json"; }

forget_runs; forget_results
"${tool[@]}" run Fifty.Point --project "$workload" --backend slurm --no-build --point i=0 -m warm-up >/dev/null

measure() { # name, then tool arguments
  local name="$1" log start end seconds tasks
  shift
  forget_runs
  log="$(mktemp)"
  start=$(date +%s.%N)
  "${tool[@]}" run Fifty.Point --project "$workload" --no-build -m benchmark "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }
  end=$(date +%s.%N)
  seconds=$(echo "$end - $start" | bc)
  tasks=$(grep -o 'in [0-9]* tasks\?' "$log" | head -1 | grep -o '[0-9]*')
  grep -q "1000 succeeded" "$log" || { cat "$log"; echo "run.sh: not every point succeeded" >&2; exit 1; }
  printf '| %s | %s | %.1f |\n' "$name" "$tasks" "$seconds" | tee -a "$results"
  rm -f "$log"
}

{
  echo "| Run (1,000 points of 50 ms, 2 CPUs) | Tasks | Wall time [s] |"
  echo "|:---|---:|---:|"
} > "$results"
forget_results
measure "slurm, automatic packing (no recorded durations)" --backend slurm
measure "slurm, automatic packing (durations from the run above)" --backend slurm
if [[ "$skip_one_per_task" != 1 ]]; then
  forget_results
  measure "slurm, one point per array task" --backend slurm --points-per-task 1
fi
forget_results
measure "local backend" --backend local
forget_runs; forget_results; rm -f "$workload/experiments.json"; rm -rf "$shared"
echo "Figures written to $results"
