# Shared helpers for infra/ scripts. Sourced, not executed.
set -euo pipefail
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/.." && pwd)"
DATA_DIR="${FACTORLENS_DATA_DIR:-$REPO_DIR/.data}"

log() { printf '[%s] %s\n' "$(basename "$(dirname "$0")")/$(basename "$0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# pid_alive FILE: true when FILE holds the pid of a live process
pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# port_open HOST PORT: true when something accepts TCP connections there
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: retry COMMAND every 0.5 s until it succeeds
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.5
  done
  log "$what is ready"
}

# stop_pidfile FILE NAME: SIGTERM, wait up to 30 s, then SIGKILL; remove FILE
stop_pidfile() {
  local file="$1" name="$2"
  if ! pid_alive "$file"; then rm -f "$file"; log "$name is not running"; return 0; fi
  local pid; pid="$(cat "$file")"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in 30 s, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$file"
  log "$name stopped"
}
