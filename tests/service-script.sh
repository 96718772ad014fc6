# Shared by the idempotent service scripts under tests/ (Cloud/, Registry/, Slurm/), which source it after setting
# SCRIPT_NAME and their service's log, LOG_FILE (or several, SERVICE_LOGS): messages name the script, failures show the
# end of each log.

log() { echo "$SCRIPT_NAME: $*" >&2; }

fail() {
  log "ERROR: $*"
  local file
  for file in "${SERVICE_LOGS[@]:-${LOG_FILE:-}}"; do
    if [[ -n "$file" && -f "$file" ]]; then
      echo "----- last 30 lines of $file -----" >&2
      tail -n 30 "$file" >&2
    fi
  done
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
