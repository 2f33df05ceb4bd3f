#!/usr/bin/env bash
# Restores, builds (warnings are errors) and runs every test. Installs what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-prerequisites.sh --tests

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore OmniBots.slnx
dotnet build OmniBots.slnx --no-restore -c Release -warnaserror

log=$(mktemp)
status=0
dotnet test OmniBots.slnx --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies' summaries
# ("Total tests: N", "Passed: N", "Failed: N", "Skipped: N").
awk '/^Total tests:/ { in_summary = 1; next }
     in_summary && $1 == "Passed:"  { p += $2 }
     in_summary && $1 == "Failed:"  { f += $2 }
     in_summary && $1 == "Skipped:" { s += $2 }
     in_summary && $1 == "Total" { in_summary = 0 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
