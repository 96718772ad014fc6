#!/usr/bin/env bash
# Recording into a 1,000,000-point results file (int results): the whole grid, one re-run point, a streaming read.
# Each step is its own process; /usr/bin/time gives its peak memory (max RSS). Usage:
#   tests/Benchmarks/ResultsFile/run.sh [POINTS]      (default 1000000; writes results.md beside this script)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
points="${1:-1000000}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
dotnet build "$here/ResultsFile.csproj" -c Release -nologo -v q
bench="$here/bin/Release/net10.0/ResultsFile.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  echo "| step | points | step wall [s] | step CPU [s] | process CPU user+sys [s] | peak RSS [MB] |"
  echo "|:---|---:|---:|---:|---:|---:|"
  for step in manifest whole one one read; do
    out="$( { /usr/bin/time -f 'TIME %U %S %M' dotnet "$bench" "$step" "$work" "$points"; } 2>&1 )"
    echo "$out" >&2
    wall="$(echo "$out" | sed -n "s/^$step: \([0-9.]*\) s wall.*/\1/p")"
    cpu="$(echo "$out" | sed -n "s/^$step: .* s wall, \([0-9.]*\) s CPU.*/\1/p")"
    read -r _ user sys rss <<<"$(echo "$out" | grep '^TIME ')"
    echo "| $step | $points | $wall | $cpu | $(echo "$user + $sys" | bc) | $((rss / 1024)) |"
  done
} | tee "$here/results.md"
ls -l "$work"/*.results.json
# The old recording step's cost, isolated: a linear search of the axis per key, over 100,000 keys (quadratic).
/usr/bin/time -f 'TIME %U %S %M' dotnet "$bench" linear "$work/linear" 100000
