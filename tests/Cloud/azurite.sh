#!/usr/bin/env bash
# Starts Azurite's Blob service on 127.0.0.1:10000 for the Azure Blob store tests.
# Idempotent: installs Azurite from npm into its own folder once, starts it only if its pid file names no live
# process, and waits until it answers. Runs as root, takes no input.
# Port: EXPERIMENTS_AZURITE_PORT (default 10000, Azurite's and the SDKs' default).
set -euo pipefail

PORT="${EXPERIMENTS_AZURITE_PORT:-10000}"
STATE_DIR=/var/lib/experiments-test-azurite
DATA_DIR="$STATE_DIR/data"
PID_FILE="$STATE_DIR/azurite.pid"
LOG_FILE="$STATE_DIR/azurite.log"
BIN="$STATE_DIR/node_modules/.bin/azurite-blob"
READY_TIMEOUT_SECONDS=60
URL="http://127.0.0.1:$PORT"

SCRIPT_NAME=azurite.sh
# shellcheck source=../service-script.sh
source "$(dirname "${BASH_SOURCE[0]}")/../service-script.sh"
require_root "it writes $STATE_DIR and may install packages"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65535 )); then
  echo "azurite.sh: EXPERIMENTS_AZURITE_PORT must be a TCP port number, got '$PORT'" >&2
  exit 1
fi

# --- packages -------------------------------------------------------------------------------------
if ! command -v npm >/dev/null; then
  log "installing nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi
mkdir -p "$STATE_DIR" "$DATA_DIR"
if [[ ! -x "$BIN" ]]; then
  log "installing azurite into $STATE_DIR"
  (cd "$STATE_DIR" && npm install --no-audit --no-fund --loglevel=error azurite >/dev/null) || fail "npm install azurite failed"
  [[ -x "$BIN" ]] || fail "npm installed azurite but $BIN is missing"
fi

# Found by pid file, never by name, so nobody else's Azurite is touched.

if ! pid_alive "$PID_FILE"; then
  log "starting azurite-blob on $URL"
  # --skipApiVersionCheck: the store sends a current x-ms-version, which an older Azurite would otherwise refuse.
  nohup "$BIN" --blobHost 127.0.0.1 --blobPort "$PORT" --location "$DATA_DIR" --disableTelemetry --skipApiVersionCheck \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
fi

# Any HTTP answer means the service is up (an anonymous request to the dev account is refused, which is fine).
deadline=$(( SECONDS + READY_TIMEOUT_SECONDS ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/devstoreaccount1?comp=list" 2>/dev/null || true)" =~ ^[1-5][0-9][0-9]$ ]]; do
  pid_alive "$PID_FILE" || fail "azurite exited while starting"
  (( SECONDS < deadline )) || fail "azurite did not answer on $URL within ${READY_TIMEOUT_SECONDS}s"
  sleep 0.3
done

echo "azurite ready: $URL/devstoreaccount1 (Blob, pid $(cat "$PID_FILE"), data $DATA_DIR, log $LOG_FILE)"
