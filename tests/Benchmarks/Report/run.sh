#!/usr/bin/env bash
# `dotnet experiment report` on a 1,000,000-point results file (200 × 100 × 2 × 25, see ResultsGrid/Program.cs):
# wall time and peak memory of the whole command, as a user runs it (tool start-up, streaming read, aggregation,
# heatmap, index.html, README.md, CSV). Usage: tests/Benchmarks/Report/run.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/Tool/Experiments.Tool.csproj" -c Release -nologo -v q
dotnet build "$here/ResultsGrid/ResultsGrid.csproj" -c Release -nologo -v q
dotnet "$here/ResultsGrid/bin/Release/net10.0/ResultsGrid.dll" "$work"

tool="$root/src/Tool/bin/Release/net10.0/dotnet-experiment.dll"
for i in $(seq 1 "$runs"); do
  rm -rf "$work/report"
  /usr/bin/time -f "run $i: %e s wall, %U s user, %M KB peak resident" \
    dotnet "$tool" report Grid.Point --project "$work" --contour 0.5 >"$work/out.txt"
done
/usr/bin/time -f "reading alone: %e s wall, %U s user, %M KB peak resident" \
  dotnet "$here/ResultsGrid/bin/Release/net10.0/ResultsGrid.dll" "$work" --read
cat "$work/out.txt"
ls -l "$work/report"
