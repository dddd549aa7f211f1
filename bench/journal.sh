#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (controlplane up: what journaling executions costs a promote-artifact execution).
#   on:  ./controlplane up as shipped: every step of a running execution appended to its journal file.
#   off: the same with CONTROLPLANE_EXECUTION_JOURNAL=off (executions kept only when they end; for this measurement).
# Each round starts up on a fresh data folder, uploads one build as a warm-up (the functions' first invocations),
# then EXECS builds one after the other, each a new version of examples/churn on the default branch: the S3
# notification starts promote-artifact, which validates the build, publishes it to dev and registers it (it ends
# awaiting-merge). The wall time of an execution is its stopDate - startDate as DescribeExecution gives them (the
# engine's own clock: no polling in it). Rounds alternate on, off, on, off...; medians of all executions are quoted.
# Needs: the CLI jar (./controlplane builds it), the AWS CLI, python3.
# Usage: bench/journal.sh        env: ROUNDS (3 per mode), EXECS (10 per round)
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
execs=${EXECS:-10}
out=$root/bench/.out/journal
mkdir -p "$out"
rm -rf "$out"/*

"$root/controlplane" help >/dev/null

inbox=controlplane-inbox-dev-111111111111-eu-west-1
machine=arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-promote-artifact-dev
export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=eu-west-1 AWS_PAGER=""

stop() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# the ARN of the newest promote-artifact execution ("None" when there is none)
newest() {
  aws --endpoint-url "$1" stepfunctions list-executions --state-machine-arn "$machine" --max-results 1 \
    --query 'executions[0].executionArn' --output text
}

# uploads build N (version 1.5.N, its own commit) and prints the execution's wall time in ms once it ended
build() {
  local aws=$1 n=$2 commit prefix arn before status
  commit=$(printf '%040x' "$((0xbe0000 + n))")
  prefix="data-eng/churn/$commit/"
  python3 - "$root/examples/churn/churn.py" "$n" "$commit" >"$out/manifest.json" <<'EOF'
import hashlib, json, os, sys
script, n, commit = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(script, 'rb').read()
print(json.dumps({"team": "data-eng", "project": "churn", "script": "churn", "version": "1.5." + n, "branch": "main",
                  "commit": commit, "files": [{"name": "churn.py", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}]}))
EOF
  before=$(newest "$aws")
  aws --endpoint-url "$aws" s3 cp --quiet "$root/examples/churn/churn.py" "s3://$inbox/${prefix}churn.py"
  aws --endpoint-url "$aws" s3 cp --quiet "$out/manifest.json" "s3://$inbox/${prefix}manifest.json"
  arn=$before
  for _ in $(seq 1 300); do
    arn=$(newest "$aws")
    [ "$arn" != "$before" ] && break
    sleep 0.05
  done
  for _ in $(seq 1 600); do
    status=$(aws --endpoint-url "$aws" stepfunctions describe-execution --execution-arn "$arn" --query status --output text)
    [ "$status" != "RUNNING" ] && break
    sleep 0.1
  done
  [ "$status" = "SUCCEEDED" ] || { echo "bench: $arn ended $status" >&2; exit 1; }
  aws --endpoint-url "$aws" stepfunctions describe-execution --execution-arn "$arn" --output json \
    | python3 -c 'import json, sys, datetime
d = json.load(sys.stdin)
def t(v): return datetime.datetime.fromisoformat(v) if isinstance(v, str) else datetime.datetime.fromtimestamp(v)
print(round((t(d["stopDate"]) - t(d["startDate"])).total_seconds() * 1000, 1))'
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
  build "$aws" "$((r * 1000))" >/dev/null
  for i in $(seq 1 "$execs"); do build "$aws" "$((r * 1000 + i))" >>"$out/$mode.txt"; done
  if [ "$mode" = on ]; then
    ls "$data"/stepfunctions/executions/*.journal >/dev/null 2>&1 && { echo "bench: journals left after the executions ended" >&2; exit 1; }
  fi
  stop "$pid"
}

for r in $(seq 1 "$rounds"); do
  round on "$r"
  round off "$r"
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
