#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (controlplane up: what journaling executions costs a promote-artifact execution).
#   on:  ./controlplane up as shipped: every step of a running execution appended to its journal file.
#   off: the same with CONTROLPLANE_EXECUTION_JOURNAL=off (executions kept only when they end; for this measurement).
# Each round starts up on a fresh data folder, uploads WARMUP builds as a warm-up (the functions' first invocations, JIT),
# then EXECS builds one after the other, each a new version of examples/churn on the default branch: the S3
# notification starts promote-artifact, which validates the build, publishes it to dev and registers it (it ends
# awaiting-merge). The wall time of an execution is its stopDate - startDate as DescribeExecution gives them (the
# engine's own clock: no polling in it). Rounds alternate on, off, off, on, ...; medians of all executions are quoted.
# Needs: the CLI jar (./controlplane builds it), curl, python3.
# Usage: bench/journal.sh        env: ROUNDS (3 per mode), EXECS (10 per round), WARMUP (5 per round)
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
execs=${EXECS:-10}
warmup=${WARMUP:-5}
out=$root/bench/.out/journal
mkdir -p "$out"
rm -rf "$out"/*

"$root/controlplane" help >/dev/null

inbox=controlplane-inbox-dev-111111111111-eu-west-1
machine=arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-promote-artifact-dev

stop() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# the local AWS endpoint takes any credentials: plain HTTP calls (curl) keep the driver's own time small
auth() { echo "Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-1/$1/aws4_request, SignedHeaders=host, Signature=0"; }

sfn() {
  curl -sf -H "$(auth states)" -H "Content-Type: application/x-amz-json-1.0" -H "X-Amz-Target: AWSStepFunctions.$2" -d "$3" "$1/"
}

put() {
  curl -sf -o /dev/null -X PUT --data-binary "@$3" -H "Content-Type: application/octet-stream" -H "$(auth s3)" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -H "x-amz-date: 20260101T000000Z" "$1/$inbox/$2"
}

# the ARN of the newest promote-artifact execution ("None" when there is none)
newest() {
  sfn "$1" ListExecutions "{\"stateMachineArn\": \"$machine\", \"maxResults\": 1}" \
    | python3 -c 'import json, sys; e = json.load(sys.stdin)["executions"]; print(e[0]["executionArn"] if e else "None")'
}

# uploads build N (version 1.5.N, its own commit) and prints the execution's wall time in ms once it ended
build() {
  local aws=$1 n=$2 commit prefix arn before d status
  commit=$(printf '%040x' "$((0xbe0000 + n))")
  prefix="data-eng/churn/$commit/"
  python3 - "$root/examples/churn/churn.py" "$n" "$commit" >"$out/manifest.json" <<'EOF2'
import hashlib, json, os, sys
script, n, commit = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(script, 'rb').read()
print(json.dumps({"team": "data-eng", "project": "churn", "script": "churn", "version": "1.5." + n, "branch": "main",
                  "commit": commit, "files": [{"name": "churn.py", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}]}))
EOF2
  before=$(newest "$aws")
  put "$aws" "${prefix}churn.py" "$root/examples/churn/churn.py"
  put "$aws" "${prefix}manifest.json" "$out/manifest.json"
  arn=$before
  for _ in $(seq 1 600); do
    arn=$(newest "$aws")
    [ "$arn" != "$before" ] && break
    sleep 0.02
  done
  for _ in $(seq 1 600); do
    d=$(sfn "$aws" DescribeExecution "{\"executionArn\": \"$arn\"}")
    status=$(echo "$d" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])')
    [ "$status" != "RUNNING" ] && break
    sleep 0.05
  done
  [ "$status" = "SUCCEEDED" ] || { echo "bench: $arn ended $status" >&2; exit 1; }
  echo "$d" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(round((d["stopDate"] - d["startDate"]) * 1000, 1))'
}

# one round: up with the journal MODE (on/off) on a fresh folder; appends the wall times to $out/MODE.txt
round() {
  local mode=$1 r=$2 data log pid aws
  data=$out/data-$mode-$r
  log=$out/up-$mode-$r.log
  if [ "$mode" = off ]; then
    CONTROLPLANE_EXECUTION_JOURNAL=off "$root/controlplane" up --data "$data" --port-base 0 >"$log" 2>&1 &
  else
    "$root/controlplane" up --data "$data" --port-base 0 >"$log" 2>&1 &
  fi
  pid=$!
  until grep -q '^controlplane up: ready in' "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: controlplane up died; see $log" >&2; exit 1; }
    sleep 0.05
  done
  aws=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["aws"])' "$data/endpoints.json")
  for w in $(seq 1 "$warmup"); do build "$aws" "$((r * 1000 + 500 + w))" >/dev/null; done
  for i in $(seq 1 "$execs"); do build "$aws" "$((r * 1000 + i))" >>"$out/$mode.txt"; done
  if [ "$mode" = on ]; then
    ls "$data"/stepfunctions/executions/*.journal >/dev/null 2>&1 && { echo "bench: journals left after the executions ended" >&2; exit 1; }
  fi
  stop "$pid"
}

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then round on "$r"; round off "$r"; else round off "$r"; round on "$r"; fi
done

python3 - "$out/on.txt" "$out/off.txt" <<'EOF'
import statistics, sys
on = [float(x) for x in open(sys.argv[1])]
off = [float(x) for x in open(sys.argv[2])]
m_on, m_off = statistics.median(on), statistics.median(off)
print(f"journal on:  median {m_on:.1f} ms of {len(on)} executions: {' '.join(f'{x:.0f}' for x in on)}")
print(f"journal off: median {m_off:.1f} ms of {len(off)} executions: {' '.join(f'{x:.0f}' for x in off)}")
print(f"ratio on/off: {m_on / m_off:.3f}")
EOF
