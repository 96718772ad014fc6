#!/usr/bin/env bash
# Submission cost of the cloud backends: 100,000 one-point tasks submitted through each backend to its emulator
# (aws-batch: moto behind the contract proxy; azure-batch: the Azure Batch emulator with Azurite; gcp-batch: the Google
# Batch and GCS emulators), API calls by operation and SubmitAsync wall time, one warm-up and RUNS measured submissions.
# Usage (as root, for the service scripts): tests/Benchmarks/CloudSubmission/run.sh [RUNS]   (writes results.md here)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
runs="${1:-3}"

bash "$root/tests/Cloud/moto.sh"
bash "$root/tests/Cloud/azurite.sh"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/CloudSubmission.csproj" -c Release -nologo -v q
dotnet "$here/bin/Release/net10.0/CloudSubmission.dll" --points 100000 --runs "$runs" --output "$here/results.md"
echo "Figures written to $here/results.md"
