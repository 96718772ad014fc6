#!/usr/bin/env bash
# The local hot path against its contenders, side by side in one run (Release builds, the tool installed from a feed
# packed from this tree, `--no-build`):
#   1. 10,000 points × ~1 ms: hand-written Parallel.For (the physical limit), xunit v3 theory rows, `dotnet experiment run`
#   2. 100,000 no-op points: sweep time (first point's start to last point's end) and points per second
#   3. a 1,000 × 1,000 no-op grid end to end (plan, run, record): wall time and peak memory of the tool and its workers
#   4. the fixed cost of a one-point run
#   5. the flagship sample (samples/PhaseTransition, 17,640 points): its sweep time against Parallel.For
# Usage: tests/Benchmarks/LocalOverhead/run.sh [RUNS]   (best of RUNS, default 3; figures also in results.md here)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
runs="${1:-3}"
# The flagship takes about a minute a run; FLAGSHIP_RUNS=3 for best of 3 there too.
flagship_runs="${FLAGSHIP_RUNS:-1}"
work="$here/.bench"
workload="$here/Workload"
sample="$root/samples/PhaseTransition"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

# ---- the tool from a packed feed, installed as a user installs it
rm -rf "$work" && mkdir -p "$work"
version="0.0.0-bench.$(date +%s)"
dotnet pack "$root/src/Tool/Experiments.Tool.csproj" -c Release -o "$work/feed" --artifacts-path "$work/artifacts" \
  -p:Version="$version" -nologo -v q
NUGET_PACKAGES="$work/packages" dotnet tool install Experiments.Tool --tool-path "$work/tool" \
  --add-source "$work/feed" --version "$version" >/dev/null
tool="$work/tool/dotnet-experiment"
"$tool" --version

dotnet build "$here/Baseline/Baseline.csproj" -c Release -nologo -v q
dotnet build "$workload/Workload.csproj" -c Release -nologo -v q
dotnet build "$sample/PhaseTransition.csproj" -c Release -nologo -v q
baseline="dotnet $here/Baseline/bin/Release/net10.0/Baseline.dll"
clean_workload() { rm -rf "$workload/.experiments" "$workload"/Sweep.*.results.json "$workload"/Sweep.*.durations.json; }
run_tool() { "$tool" run "$@" --project "$workload" -c Release --no-build -m benchmark >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; }

# Best (lowest) of a list of numbers, and a ratio to three digits.
best() { printf '%s\n' "$@" | sort -g | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
seconds_of() { jq -r '.results[] | select(.command == "'"$2"'") | .min' "$1" | xargs printf "%.3f"; }

# Peak resident memory of a process and all its descendants (KiB), sampled every 100 ms until it ends.
peak_tree_kib() {
  local pid="$1" peak=0 now
  while kill -0 "$pid" 2>/dev/null; do
    now="$(ps -eo pid=,ppid=,rss= | awk -v root="$pid" '
      { parent[$1] = $2; rss[$1] = $3 }
      END { for (p in rss) { q = p; while (q != "" && q != 0 && q != root) q = parent[q]; if (q == root) t += rss[p] } print t + 0 }')"
    ((now > peak)) && peak=$now
    sleep 0.1
  done
  echo "$peak"
}

# ---- 1. 10,000 × 1 ms: the three contenders
hyperfine --runs "$runs" --warmup 1 --prepare "rm -rf '$workload/.experiments' '$workload'/Sweep.*.results.json '$workload'/Sweep.*.durations.json" \
  --export-json "$work/kernel.json" \
  -n "parallel" "$baseline kernel" \
  -n "tool" "'$tool' run Sweep.Point --project '$workload' -c Release --no-build -m benchmark" \
  -n "xunit" "'$workload/bin/Release/net10.0/Workload' -method Benchmarks.LocalOverhead.Sweep.Row -noLogo"
parallel_s="$(seconds_of "$work/kernel.json" parallel)"
tool_s="$(seconds_of "$work/kernel.json" tool)"
xunit_s="$(seconds_of "$work/kernel.json" xunit)"

# ---- 2. 100,000 no-op points: sweep time from the records
noop_sweeps=() noop_walls=()
for _ in $(seq "$runs"); do
  clean_workload
  started=$(date +%s.%N)
  run_tool Sweep.Noop
  noop_walls+=("$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }')")
  read -r points sweep rate < <(python3 "$here/sweep_time.py" "$workload")
  [[ "$points" == 100000 ]] || { echo "the no-op run recorded $points points, not 100000"; exit 1; }
  noop_sweeps+=("$sweep")
done
noop_sweep="$(best "${noop_sweeps[@]}")"
noop_wall="$(best "${noop_walls[@]}")"
noop_parallel="$($baseline noop | sed 's/.*sweep \([0-9.]*\) s/\1/')"

# ---- 3. 10⁶ points end to end, with peak memory of the tool and its workers
grid_walls=() grid_peaks=()
for _ in $(seq "$runs"); do
  clean_workload
  started=$(date +%s.%N)
  "$tool" run Sweep.Grid --project "$workload" -c Release --no-build -m benchmark >"$work/grid.log" 2>&1 &
  grid_peaks+=("$(peak_tree_kib $!)")
  wait $! || { cat "$work/grid.log"; exit 1; }
  grid_walls+=("$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }')")
  grep -q "1000000 succeeded" "$work/grid.log" || { cat "$work/grid.log"; exit 1; }
done
grid_wall="$(best "${grid_walls[@]}")"
grid_peak_mb=$(( $(printf '%s\n' "${grid_peaks[@]}" | sort -g | tail -1) / 1024 ))
read -r _ grid_sweep _ < <(python3 "$here/sweep_time.py" "$workload")

# ---- 4. the fixed cost of one point
hyperfine --runs "$runs" --warmup 1 --prepare "rm -rf '$workload/.experiments' '$workload'/Sweep.*.results.json" \
  --export-json "$work/one.json" \
  -n "one" "'$tool' run Sweep.Point --point i=5 --project '$workload' -c Release --no-build -m benchmark"
one_s="$(seconds_of "$work/one.json" one)"
clean_workload

# ---- 5. the flagship sample against Parallel.For over its points (its committed results file is put back after)
cp "$sample/PhaseTransition.Run.results.json" "$work/flagship.results.json"
flagship_sweeps=()
for _ in $(seq "$flagship_runs"); do
  rm -rf "$sample/.experiments" "$sample/PhaseTransition.Run.results.json"
  "$tool" run PhaseTransition.Run --project "$sample" -c Release --no-build -m benchmark >"$work/flagship.log" 2>&1 || true
  read -r _ sweep _ < <(python3 "$here/sweep_time.py" "$sample")
  flagship_sweeps+=("$sweep")
done
rm -rf "$sample/.experiments"
cp "$work/flagship.results.json" "$sample/PhaseTransition.Run.results.json"
flagship_sweep="$(best "${flagship_sweeps[@]}")"
flagship_parallel=()
for _ in $(seq "$flagship_runs"); do flagship_parallel+=("$($baseline flagship | sed 's/.*sweep \([0-9.]*\) s/\1/')"); done
flagship_parallel_s="$(best "${flagship_parallel[@]}")"

# ---- the figures and their ratios to the goals
{
  echo "| measure (best of $runs) | figure | goal |"
  echo "|:---|---:|:---|"
  echo "| 10,000 × 1 ms, Parallel.For [s] | $parallel_s | |"
  echo "| 10,000 × 1 ms, xunit v3 theory rows [s] | $xunit_s | |"
  echo "| 10,000 × 1 ms, \`dotnet experiment run\` [s] | $tool_s | |"
  echo "| tool ÷ Parallel.For | $(ratio "$tool_s" "$parallel_s") | ≤ 1.10 |"
  echo "| xunit ÷ tool | $(ratio "$xunit_s" "$tool_s") | ≥ 2 |"
  echo "| 100,000 no-op points: sweep [s] / whole command [s] | $noop_sweep / $noop_wall | sweep ≤ 1 |"
  echo "| 100,000 no-op points: points/s of sweep | $(awk -v s="$noop_sweep" 'BEGIN { printf "%.0f", 100000 / s }') | ≥ 100,000 |"
  echo "| 100,000 no-op points, Parallel.For [s] | $noop_parallel | |"
  echo "| 10⁶-point grid end to end [s] (sweep [s]) | $grid_wall ($grid_sweep) | ≤ 30 |"
  echo "| 10⁶-point grid, peak memory of tool + workers [MB] | $grid_peak_mb | ≤ 1,000 |"
  echo "| one point, whole command [s] | $one_s | ≤ 0.5 |"
  echo "| flagship (17,640 points): tool sweep [s] | $flagship_sweep | |"
  echo "| flagship: Parallel.For [s] | $flagship_parallel_s | |"
  echo "| flagship: tool sweep ÷ Parallel.For | $(ratio "$flagship_sweep" "$flagship_parallel_s") | |"
} | tee "$here/results.md"
clean_workload
