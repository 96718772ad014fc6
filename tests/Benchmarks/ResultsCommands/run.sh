#!/usr/bin/env bash
# Time and peak memory of `dotnet experiment export` (Parquet, CSV) and `diff` on a 1,000,000-point schema-2 results
# file with an int result, 1,000 of whose points differ between the two sides. Builds the tool in Release first.
#
#   tests/Benchmarks/ResultsCommands/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WORK="$(mktemp -d /tmp/results-commands-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

dotnet build "$ROOT/src/Tool/Experiments.Tool.csproj" -c Release -nologo -v quiet >/dev/null
TOOL="$ROOT/src/Tool/bin/Release/net10.0/dotnet-experiment.dll"

# A project folder with a 1000 × 1000 grid's results file, as schema 2 writes it (points in grid order).
cp "$ROOT/samples/PhaseTransition/PhaseTransition.csproj" "$WORK/Bench.csproj"
python3 - "$WORK" <<'PY'
import sys
work = sys.argv[1]
def write(path, changed):
    with open(path, 'w') as f:
        f.write('{\n  "schema": 2,\n  "experiment": "Bench.Big.Run",\n  "gridHash": "0000000000000000",\n  "axes": [\n')
        f.write('    {"name":"x","type":"int","kind":"replicates","start":0,"step":1,"count":1000},\n')
        f.write('    {"name":"y","type":"int","kind":"replicates","start":0,"step":1,"count":1000}\n  ],\n  "runs": [],\n  "points": [\n')
        for x in range(1000):
            for y in range(1000):
                result = -(x * 1000 + y) if changed and x == 900 else x * 1000 + y
                f.write(('' if x == 0 and y == 0 else ',\n') + '    {"key":"x=%d;y=%d","status":"succeeded","result":%d}' % (x, y, result))
        f.write('\n  ]\n}\n')
write(work + '/Big.Run.results.json', True)
write(work + '/old.json', False)
PY
ls -l "$WORK/Big.Run.results.json"

measure() { # label command...
  local label="$1"
  shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak" "$@" >/dev/null
}
cd "$WORK"
measure "export --format parquet" dotnet "$TOOL" export Run --format parquet -o big.parquet
measure "export --format csv" dotnet "$TOOL" export Run --format csv -o big.csv
measure "diff --from FILE (1,000 changed)" dotnet "$TOOL" diff Run --from old.json || true
ls -l big.parquet big.csv
