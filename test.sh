#!/usr/bin/env bash
# THE test command of this repository (CI runs it through .ci/run).
#
#   ./test.sh                          build Experiments.sln once (Release), run every test project, print the sum
#   ./test.sh Experiments.Tests        run one project (several names may be given)
#   ./test.sh --filter EXPR            pass a VSTest filter to every project, e.g. "FullyQualifiedName~Manifest"
#   ./test.sh --artifacts-path DIR     build into DIR instead of the tree's bin/ and obj/
#
# Tests marked [Trait("Category", "Long")] (minutes each, e.g. kill -9 and resume at 10⁶ points) run only when asked
# for: EXPERIMENTS_LONG_TESTS=1 ./test.sh Experiments.Tool.Tests, or ./test.sh --filter "Category=Long" PROJECT.
#
# The last line of the output is always "N passed, N failed" (", N skipped" when some were skipped), and the exit
# code is non-zero when a test failed or a project's run crashed or produced no results (each such project counts as
# one failure). TRX files and each project's console output are kept in TestResults/test.sh/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESULTS_DIR="$ROOT/TestResults/test.sh"
# A hung test host is killed after this long (the run then counts as crashed); CI's own cap is 90 minutes.
HANG_TIMEOUT="${EXPERIMENTS_TEST_HANG_TIMEOUT:-20m}"

die() {
  echo "test.sh: $*" >&2
  exit 2
}

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# ---------------------------------------------------------------------------------------------------------- options

FILTER=""
ARTIFACTS_PATH=""
SELECTED=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --filter)
      [[ $# -ge 2 && -n "$2" ]] || die "--filter needs an expression, e.g. --filter \"FullyQualifiedName~Manifest\""
      FILTER="$2"
      shift 2
      ;;
    --filter=*) FILTER="${1#*=}"; shift ;;
    --artifacts-path)
      [[ $# -ge 2 && -n "$2" ]] || die "--artifacts-path needs a directory"
      ARTIFACTS_PATH="$2"
      shift 2
      ;;
    --artifacts-path=*) ARTIFACTS_PATH="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option '$1' (valid: --filter EXPR, --artifacts-path DIR, --help, or test project names)" ;;
    *) SELECTED+=("$1"); shift ;;
  esac
done

# ---------------------------------------------------------------------------------------------------- prerequisites
# Each function checks first and installs or starts only what is missing, so running test.sh twice is harmless.

require_dotnet_sdk() {
  command -v dotnet >/dev/null 2>&1 \
    || die "the .NET SDK is not installed or not on PATH; install .NET SDK 10.0 (https://dot.net) and run again"
  local version
  version="$(dotnet --version 2>/dev/null)" || die "'dotnet --version' failed; is the .NET SDK (10.0) installed completely?"
  [[ "$version" == 10.* ]] || die "this repository needs the .NET SDK 10.0; 'dotnet --version' says $version"
}

quiet_dotnet_environment() {
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  # No MSBuild nodes outliving the run (they would hold CI jobs open and serve stale task assemblies).
  export MSBUILDDISABLENODEREUSE=1
  export NO_COLOR=1
}

# Real services the end-to-end tests use. A service that does not start is reported here and left to its tests: they
# fail in CI (CI=true) and are skipped elsewhere, so a broken environment never passes silently.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

start_service() { # name script [VAR=value ...]
  local name="$1" script="$2"
  shift 2
  echo "=== Starting $name ($script)"
  if ! as_root env "$@" bash "$ROOT/$script" </dev/null; then
    echo "test.sh: $name did not start (see above); the tests that need it will fail in CI and be skipped elsewhere" >&2
  fi
}

start_services() {
  # A MaxArraySize of 10 makes sweeps of a few tasks need several arrays, as big sweeps do on real clusters.
  start_service "Slurm" tests/Slurm/cluster.sh EXPERIMENTS_SLURM_MAX_ARRAY_SIZE=10
  start_service "the ssh test host" tests/Slurm/ssh.sh
  start_service "moto (AWS S3 and Batch)" tests/Cloud/moto.sh
  start_service "Azurite (Azure Blob Storage)" tests/Cloud/azurite.sh
  start_service "the container registries" tests/Registry/registry.sh
}

# Programs the tests drive as a person would: Chromium opens the report's page, tmux runs the tool in a terminal.
install_test_programs() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  [[ ${#missing[@]} -eq 0 ]] && return
  echo "=== Installing ${missing[*]} (Debian packages)"
  if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } </dev/null; then
    echo "test.sh: could not install ${missing[*]}; the tests that need them will fail in CI and be skipped elsewhere" >&2
  fi
}

prerequisites() {
  require_dotnet_sdk
  quiet_dotnet_environment
  install_test_programs
  start_services
}

# ---------------------------------------------------------------------------------------------------- test projects

ALL_PROJECTS=()
PROJECTS=()

find_test_projects() {
  local project
  for project in "$ROOT"/tests/*Tests/*.csproj; do
    [[ -e "$project" ]] && ALL_PROJECTS+=("$project")
  done
  [[ ${#ALL_PROJECTS[@]} -gt 0 ]] || die "no test projects found (tests/*Tests/*.csproj)"
}

project_name() {
  basename "$1" .csproj
}

select_projects() {
  if [[ ${#SELECTED[@]} -eq 0 ]]; then
    PROJECTS=("${ALL_PROJECTS[@]}")
    return
  fi
  local name project found
  for name in "${SELECTED[@]}"; do
    name="$(basename "${name%.csproj}")"
    found=""
    for project in "${ALL_PROJECTS[@]}"; do
      [[ "$(project_name "$project")" == "$name" ]] && found="$project"
    done
    if [[ -z "$found" ]]; then
      local valid=""
      for project in "${ALL_PROJECTS[@]}"; do valid+=" $(project_name "$project")"; done
      die "no test project named '$name' (valid:$valid)"
    fi
    PROJECTS+=("$found")
  done
}

# A project missing from the solution is not built by the one solution build, so its --no-build run would fail oddly.
in_solution() {
  local relative="${1#"$ROOT"/}"
  grep -qF "\"${relative//\//\\}\"" "$ROOT/Experiments.sln"
}

# ---------------------------------------------------------------------------------------------------------- results

# Prints "passed failed skipped outcome" for one TRX file. TRX reports both skipped tests and explicit tests that were
# not asked for as NotExecuted; only a skip carries a message (its reason), so only those count as skipped.
summarize_trx() {
  awk '
    /<UnitTestResult / {
      outcome = ""
      if (match($0, /outcome="[A-Za-z]*"/)) outcome = substr($0, RSTART + 9, RLENGTH - 10)
      if (outcome == "Passed") passed++
      else if (outcome == "NotExecuted") { if ($0 !~ /\/>[[:space:]]*$/) pending_skip = 1 }
      else failed++
      next
    }
    pending_skip && /<Message>/ { skipped++; pending_skip = 0; next }
    /<\/UnitTestResult>/ { pending_skip = 0 }
    /<ResultSummary / { if (match($0, /outcome="[A-Za-z]*"/)) summary = substr($0, RSTART + 9, RLENGTH - 10) }
    END { printf "%d %d %d %s\n", passed, failed, skipped, (summary == "" ? "Unknown" : summary) }
  ' "$1"
}

TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
REPORT=()

record() { # name passed failed skipped note
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
  TOTAL_SKIPPED=$((TOTAL_SKIPPED + $4))
  REPORT+=("$(printf '  %-36s %5d passed, %d failed, %d skipped%s' "$1" "$2" "$3" "$4" "${5:+  — $5}")")
}

run_project() {
  local project="$1" name trx log exit_code=0 started seconds
  name="$(project_name "$project")"
  trx="$RESULTS_DIR/$name.trx"
  log="$RESULTS_DIR/$name.log"
  echo
  echo "=== $name"
  if ! in_solution "$project"; then
    record "$name" 0 1 0 "not in Experiments.sln (add it: dotnet sln Experiments.sln add --solution-folder tests ${project#"$ROOT"/})"
    return
  fi
  local arguments=(test "$project" --no-build -c Release -nologo
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR"
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  if [[ -n "$FILTER" ]]; then
    arguments+=(--filter "$FILTER")
  elif [[ "${EXPERIMENTS_LONG_TESTS:-}" != 1 ]]; then
    arguments+=(--filter "Category!=Long")
  fi
  [[ -n "$ARTIFACTS_PATH" ]] && arguments+=(--artifacts-path "$ARTIFACTS_PATH")
  started=$SECONDS
  dotnet "${arguments[@]}" </dev/null 2>&1 | tee "$log" || exit_code=${PIPESTATUS[0]}
  seconds=$((SECONDS - started))

  if [[ ! -s "$trx" ]]; then
    record "$name" 0 1 0 "the test run crashed or produced no results (exit $exit_code, ${seconds}s; see ${log#"$ROOT"/})"
    return
  fi
  local passed failed skipped summary
  read -r passed failed skipped summary < <(summarize_trx "$trx")
  if [[ "$summary" == "Aborted" || "$summary" == "Error" || ($exit_code -ne 0 && $failed -eq 0) ]]; then
    record "$name" "$passed" $((failed + 1)) "$skipped" "the test run crashed (exit $exit_code, ${seconds}s; see ${log#"$ROOT"/})"
  elif [[ -z "$FILTER" && $((passed + failed + skipped)) -eq 0 ]]; then
    record "$name" 0 1 0 "ran no tests"
  else
    record "$name" "$passed" "$failed" "$skipped" "${seconds}s"
  fi
}

# ------------------------------------------------------------------------------------------------------------- main

prerequisites
find_test_projects
select_projects
cd "$ROOT"
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

echo "=== Building Experiments.sln (Release)"
build_arguments=(build "$ROOT/Experiments.sln" -c Release -nologo)
[[ -n "$ARTIFACTS_PATH" ]] && build_arguments+=(--artifacts-path "$ARTIFACTS_PATH")
if ! dotnet "${build_arguments[@]}" </dev/null; then
  for project in "${PROJECTS[@]}"; do
    record "$(project_name "$project")" 0 1 0 "not run: the solution did not build"
  done
else
  for project in "${PROJECTS[@]}"; do
    run_project "$project"
  done
fi

# On CI, the compiler server and MSBuild's build servers would otherwise outlive the job.
if [[ -n "${CI:-}" ]]; then
  dotnet build-server shutdown >/dev/null 2>&1 || true
fi

echo
echo "=== Summary (TRX files and logs in ${RESULTS_DIR#"$ROOT"/}/)"
printf '%s\n' "${REPORT[@]}"
summary_line="$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[[ $TOTAL_SKIPPED -gt 0 ]] && summary_line+=", $TOTAL_SKIPPED skipped"
echo "$summary_line"
[[ $TOTAL_FAILED -eq 0 ]]
