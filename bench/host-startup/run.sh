#!/usr/bin/env bash
# Host start to ready (the private cluster already exists) and idle memory.
# Goals (issue 2): start to ready <= 3 s, idle resident memory <= 200 MB.
# Usage: bench/host-startup/run.sh [runs]   — prints one line per run and the median.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
port=18080
work=$(mktemp -d)
dotnet build src/OmniBots.Host -c Release -warnaserror --nologo -v quiet >/dev/null
dll="$PWD/src/OmniBots.Host/bin/Release/net10.0/OmniBots.Host.dll"

start_host() {
  (cd "$work" && ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
     Database__PrivateCluster__Port=5499 exec dotnet "$dll" --contentRoot "$(dirname "$dll")" >"$work/host.log" 2>&1) &
  echo $!
}

stop_host() {
  kill -INT "$1"
  while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

wait_ready() {
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.01; done
}

# First start creates the cluster and applies migrations; it is not measured.
pid=$(start_host); wait_ready; stop_host "$pid"

times=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  pid=$(start_host); wait_ready
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  times+=("$ms")
  if [ "$i" -eq "$runs" ]; then
    sleep 10
    rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  fi
  stop_host "$pid"
  echo "run $i: start to ready ${ms} ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "host start to ready (cluster exists): median ${median} ms over ${runs} runs (goal <= 3000 ms)"
echo "idle resident memory after 10 s: $((rss_kb / 1024)) MB (goal <= 200 MB)"
# The cluster was stopped with the last host; remove its folder.
rm -rf "$work"
