#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (controlplane up: time to ready, resident memory idle and after the demo's day).
#   ours:   ./controlplane up (the launcher's flags for up: serial GC, the default JIT, the AppCDS archive) on free
#           ports with a fresh data folder, then again on the same folder (a restart finds its data); time from the
#           command to its "ready" line, VmRSS of the JVM after IDLE seconds without requests.
#   demo:   ./controlplane demo --keep on a fresh folder: time from the command to the end of the day (its "stays up"
#           line), VmRSS after IDLE more seconds with the day's data, executions and console still up.
#   anchor: moto's server (python3 -m moto.server), the local AWS emulator the tests use: time from the command to
#           its first answer (ListBuckets), VmRSS after the same idle time.
# Runs are interleaved (anchor, ours fresh, ours restart, demo, ...); medians are quoted, and ratios against the anchor.
# Needs: the CLI jar (./controlplane builds it), python3 with moto[server].
# Usage: bench/up.sh        env: RUNS (5), IDLE (10)
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
idle=${IDLE:-10}
out=$root/bench/.out/up
mkdir -p "$out"
rm -f "$out"/*.tsv

# builds the jar when stale, then prints the usage: nothing runs yet
"$root/controlplane" help >/dev/null

now_ms() { date +%s%3N; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# one run of controlplane up on DATA; prints "ready_ms rss_kb"
run_up() {
  local data=$1 log=$2 start pid ready
  start=$(now_ms)
  "$root/controlplane" up --data "$data" --port-base 0 >"$log" 2>&1 &
  pid=$!
  until grep -q '^controlplane up: ready in' "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: controlplane up died; see $log" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  sleep "$idle"
  echo "$ready $(rss_kb "$pid")"
  stop "$pid"
}

# one run of controlplane demo --keep on a fresh folder; prints "day_ms rss_kb" (RSS IDLE s after the day)
run_demo() {
  local folder=$1 log=$2 start pid done_ms
  start=$(now_ms)
  "$root/controlplane" demo --keep --data "$folder" >"$log" 2>&1 &
  pid=$!
  until grep -q '^controlplane demo: Ctrl-C stops it' "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: controlplane demo died; see $log" >&2; exit 1; }
    sleep 0.05
  done
  done_ms=$(( $(now_ms) - start ))
  grep -q ' 0 failed, ' "$log" || { echo "bench: a step of the demo failed; see $log" >&2; stop "$pid"; exit 1; }
  sleep "$idle"
  echo "$done_ms $(rss_kb "$pid")"
  stop "$pid"
}

# one run of moto's server; prints "ready_ms rss_kb"
run_moto() {
  local port start pid ready
  port=$(free_port)
  start=$(now_ms)
  python3 -m moto.server -H 127.0.0.1 -p "$port" >"$out/moto.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: moto died; see $out/moto.log" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  sleep "$idle"
  echo "$ready $(rss_kb "$pid")"
  stop "$pid"
}

for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)/data
  run_moto >>"$out/anchor.tsv"
  run_up "$data" "$out/up-fresh-$i.log" >>"$out/fresh.tsv"
  run_up "$data" "$out/up-restart-$i.log" >>"$out/restart.tsv"
  run_demo "$(dirname "$data")/demo" "$out/demo-$i.log" >>"$out/demo.tsv"
  rm -rf "$(dirname "$data")"
  echo "bench: round $i of $runs done" >&2
done

python3 - "$out" <<'PY'
import statistics, sys, pathlib
out = pathlib.Path(sys.argv[1])
def load(name):
    rows = [tuple(map(int, l.split())) for l in (out / name).read_text().split("\n") if l.strip()]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows), rows
anchor = load("anchor.tsv")
print("| what | ready (median ms) | vs anchor | RSS idle (median MiB) | vs anchor | runs (ms / MiB) |")
print("|---|---:|---:|---:|---:|---|")
for label, name in (("anchor: moto server", "anchor.tsv"), ("controlplane up, fresh data", "fresh.tsv"),
                    ("controlplane up, restart on its data", "restart.tsv")):
    ready, rss, rows = load(name)
    runs = ", ".join(f"{r[0]} / {r[1] / 1024:.0f}" for r in rows)
    print(f"| {label} | {ready:.0f} | {ready / anchor[0]:.2f}x | {rss / 1024:.0f} | {rss / anchor[1]:.2f}x | {runs} |")
fresh = load("fresh.tsv")
day, rss, rows = load("demo.tsv")
print()
print("| what | start + day (median ms) | RSS after the day (median MiB) | vs anchor idle | vs up idle (fresh) | runs (ms / MiB) |")
print("|---|---:|---:|---:|---:|---|")
runs = ", ".join(f"{r[0]} / {r[1] / 1024:.0f}" for r in rows)
print(f"| controlplane demo --keep | {day:.0f} | {rss / 1024:.0f} | {rss / anchor[1]:.2f}x | {rss / fresh[1]:.2f}x | {runs} |")
PY
