#!/usr/bin/env bash
# Starts the platform on its embedded defaults at http://localhost:8080: a private PostgreSQL
# under ./.data, every role (web, worker, scheduler) in this one process. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/OmniBots.Host -c Release -warnaserror --nologo -v quiet

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
export Logging__Format="${Logging__Format:-simple}"
# A demo tenant with an admin whose temporary password the log prints once (changed at first sign-in).
export Identity__DemoTenant="${Identity__DemoTenant:-true}"
# The private cluster lives in the working directory: run from the repository root.
exec dotnet src/OmniBots.Host/bin/Release/net10.0/OmniBots.Host.dll --contentRoot "$PWD/src/OmniBots.Host" "$@"
