#!/usr/bin/env bash
# Local-backend overhead: the same ~1 ms kernel over 10,000 points
#   1. hand-written Parallel.For in one process (the physical limit),
#   2. `dotnet experiment run` on the local backend (worker processes, records, results file),
#   3. the same points as xunit v3 theory rows run by the test app.
# Usage: tests/Benchmarks/LocalOverhead/run.sh [RUNS]   (writes results.md beside this script)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
runs="${1:-3}"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

dotnet build "$root/src/Tool/Experiments.Tool.csproj" -c Release -nologo -v q
dotnet build "$here/Baseline/Baseline.csproj" -c Release -nologo -v q
dotnet build "$here/Workload/Workload.csproj" -c Release -nologo -v q

tool="$root/src/Tool/bin/Release/net10.0/dotnet-experiment.dll"
baseline="$here/Baseline/bin/Release/net10.0/Baseline.dll"
workload="$here/Workload/bin/Release/net10.0/Workload"
# Each measured run starts from nothing recorded, so the tool runs all 10,000 points every time.
clean="rm -rf '$here/Workload/.experiments' '$here/Workload/Sweep.Point.results.json'"

hyperfine --runs "$runs" --warmup 1 --prepare "$clean" --export-markdown "$here/results.md" \
  -n "Parallel.For, one process" "dotnet '$baseline'" \
  -n "dotnet experiment run (local, --no-build)" "dotnet '$tool' run Sweep.Point --project '$here/Workload' -c Release --no-build -m benchmark" \
  -n "xunit v3 theory rows" "'$workload' -method Benchmarks.LocalOverhead.Sweep.Row -noLogo"
eval "$clean"
echo "Figures written to $here/results.md"
