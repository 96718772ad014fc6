#!/usr/bin/env bash
# Starts moto (AWS S3 and Batch) on 127.0.0.1:5010 for the store and AWS Batch tests.
# Idempotent: starts the server only if its pid file names no live process, then (re)applies the Batch setting
# that makes jobs succeed without Docker (moto keeps it in memory, so it is set on every call).
# Runs as root, takes no input. Port: EXPERIMENTS_MOTO_PORT (default 5010; 5000 is the container registry's).
set -euo pipefail

PORT="${EXPERIMENTS_MOTO_PORT:-5010}"
STATE_DIR=/var/lib/experiments-test-moto
PID_FILE="$STATE_DIR/moto.pid"
LOG_FILE="$STATE_DIR/moto.log"
READY_TIMEOUT_SECONDS=60
URL="http://127.0.0.1:$PORT"

SCRIPT_NAME=moto.sh
# shellcheck source=../service-script.sh
source "$(dirname "${BASH_SOURCE[0]}")/../service-script.sh"
require_root "it writes $STATE_DIR and may install packages"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65535 )); then
  echo "moto.sh: EXPERIMENTS_MOTO_PORT must be a TCP port number, got '$PORT'" >&2
  exit 1
fi

# Found by pid file, never by name, so nobody else's moto is touched.

mkdir -p "$STATE_DIR"
if ! pid_alive "$PID_FILE"; then
  # --- package (checked only when starting: importing moto takes seconds) ---------------------------
  if ! python3 -c 'import moto.server, flask' 2>/dev/null; then
    log "installing moto[server]"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq python3-moto >/dev/null 2>&1; then
      python3 -m pip install --quiet 'moto[server]' || fail "could not install moto"
    fi
  fi
  log "starting moto server on $URL"
  nohup python3 -m moto.server -H 127.0.0.1 -p "$PORT" >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
fi

deadline=$(( SECONDS + READY_TIMEOUT_SECONDS ))
# /moto-api/ (not data.json: that answers 500 once Batch resources exist, as moto then tries to reach Docker).
until curl -fsS -o /dev/null "$URL/moto-api/" 2>/dev/null; do
  pid_alive "$PID_FILE" || fail "moto exited while starting"
  (( SECONDS < deadline )) || fail "moto did not answer on $URL within ${READY_TIMEOUT_SECONDS}s"
  sleep 0.3
done

# Batch jobs succeed without running containers; tests play the compute fleet.
curl -fsS -X POST "$URL/moto-api/config" -H 'Content-Type: application/json' \
  -d '{"batch": {"use_docker": false}}' >/dev/null || fail "could not configure moto's Batch (use_docker: false)"

echo "moto ready: $URL (S3 and Batch, batch.use_docker=false, pid $(cat "$PID_FILE"), log $LOG_FILE)"
