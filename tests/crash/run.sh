#!/usr/bin/env bash
# Kills the app (SIGKILL) at random moments while an editor saves and publishes, ROUNDS times (default 25), and checks
# what issue 17 asks after every restart and at the end: PRAGMA integrity_check on compliance.db and jobs.db, every
# acknowledged save there once, editions 1..N without a gap, every row with its file and SHA-256 and every file with
# its row, no temporary file, every acknowledged publish finished. The work is CrashSafetyTests (the app as a process
# on its SQLite files); a plain `dotnet test` runs it with 5 rounds.
#   tests/crash/run.sh [ROUNDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
export COMPLIANCETRACKER_CRASH_ROUNDS="${1:-25}"
if [[ -n "${2:-}" ]]; then export COMPLIANCETRACKER_CRASH_SEED="$2"; fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if dotnet test tests/ComplianceTracker.Tests --filter "FullyQualifiedName~CrashSafetyTests" \
    --logger "console;verbosity=detailed" >"$log" 2>&1; then
  grep -m1 -E '^ *[0-9]+ rounds in' "$log" | sed 's/^ *//'
  echo "crash safety: passed"
else
  grep -E 'rounds in|Failed |Error Message|Expected|But was' -A2 "$log" | head -40
  echo "crash safety: FAILED (full log kept at $log.kept)"
  cp "$log" "$log.kept"
  exit 1
fi
