# Shared by the idempotent service scripts under tests/ (Cloud/, Registry/, Slurm/), which source it after setting
# SCRIPT_NAME and, where they have one, LOG_FILE: messages name the script, failures show the service's own log.

log() { echo "$SCRIPT_NAME: $*" >&2; }

fail() {
  log "ERROR: $*"
  if [[ -n "${LOG_FILE:-}" && -f "$LOG_FILE" ]]; then
    echo "----- last 30 lines of $LOG_FILE -----" >&2
    tail -n 30 "$LOG_FILE" >&2
  fi
  exit 1
}

# Services are found by their pid files only, never by process name, so nobody else's process is touched.
pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

require_root() { # why
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "$SCRIPT_NAME: must run as root ($1)" >&2
    exit 1
  fi
}
