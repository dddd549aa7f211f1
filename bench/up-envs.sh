#!/usr/bin/env bash
# Ready time and resident memory of controlplane up with one environment (dev) and with three (--env dev,staging,prod),
# interleaved, a fresh data folder each run; VmRSS 5 s after ready. Usage: bench/up-envs.sh (from the repository root)
set -euo pipefail
run() { local envs=$1 d; d=$(mktemp -d); local s=$(date +%s%3N)
  ./controlplane up --env "$envs" --data "$d/data" --secrets "$d/secrets.json" --port-base 0 > "$d/log" 2>&1 & local pid=$!
  until grep -q '^controlplane up: ready in' "$d/log"; do kill -0 $pid || { cat "$d/log"; exit 1; }; sleep 0.05; done
  local r=$(( $(date +%s%3N) - s )); sleep 5
  echo "$envs $r $(awk '/^VmRSS:/ {print $2}' /proc/$(pgrep -P $pid java || echo $pid)/status 2>/dev/null || awk '/^VmRSS:/ {print $2}' /proc/$pid/status)"
  kill -TERM $pid; wait $pid 2>/dev/null || true; rm -rf "$d"; }
for i in 1 2 3; do run dev; run dev,staging,prod; done
