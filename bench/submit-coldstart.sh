#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (Functions: SubmitRun cold start against the anchor).
# Cold start, whole processes: SubmitRun built from its environment (config folder, AWS endpoint) and invoked once
# with a resolved run, against the anchor (one S3 client, one PutObject, one GetObject), timed in turn with
# bench/paired_time.py; once with the JVM's defaults, once with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC and an
# AppCDS archive per command, once with the flags the functions deploy with (template.yaml's JAVA_TOOL_OPTIONS), no
# AppCDS, as Lambda runs them. Secrets Manager and S3 are a moto server, the Databricks workspace a local workspace
# (dev.controlplane.bench.BenchWorkspace), each in its own process started once, so neither is charged to the
# process being timed.
# Needs: a built tree (functions classes and test classes), python3 with moto[server] and boto3.
# Usage: bench/submit-coldstart.sh     env: JAVA (temurin 25), RUNS (20), WARMUP (2), FLAGS (all, or one of plain|fast|lambda),
#        BEFORE_JAR (classes put ahead of the function's, e.g. an older adapter, to time a change against it),
#        FROM_PACKAGE=1 (SubmitRun from its Lambda package, functions/packages/databricks: what deploys; the anchor
#        keeps the whole runtime classpath), SPLIT=N (instead of the pairs: N rounds of in-process phases, init and
#        first invocation, for the anchor, SubmitRun, and SubmitRun after its SnapStart priming; Lambda's flags),
#        SCHEME (https, the default: moto and the workspace serve TLS with a certificate made here, as AWS and a
#        Databricks workspace are reached; or http), see bench/coldstart-lib.sh
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
runs=${RUNS:-20}
warmup=${WARMUP:-2}
flags_wanted=${FLAGS:-all}
# What Lambda runs the functions with: the template's JAVA_TOOL_OPTIONS (the JVM reads that variable itself there).
lambda_flags=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$root/template.yaml" | head -n 1)
[[ -n "$lambda_flags" ]] || { echo "bench: no JAVA_TOOL_OPTIONS in template.yaml" >&2; exit 2; }
out=$root/bench/.out/submit
mkdir -p "$out"

# shellcheck source=bench/coldstart-lib.sh
source "$root/bench/coldstart-lib.sh"
bench_classpath "$root" "$out" "$java" dev/controlplane/bench/SubmitRunColdStart.class \
  dev/controlplane/handlers/SubmitRunHandler.class
[[ -n "${BEFORE_JAR:-}" ]] && cp=$BEFORE_JAR:$cp
ours_cp=$cp
if [[ "${FROM_PACKAGE:-0}" == 1 ]]; then
  bash "$root/functions/packages/build" databricks
  ours_cp=$out/functions-bench.jar:$(printf '%s:' "$root"/functions/packages/databricks/target/package/lib/*.jar)
  ours_cp=${ours_cp%:}
fi
# The workspace server: the local workspace module (its only dependency, Jackson, is on the runtime classpath).
workspace_cp=$out/functions.jar:$bench_classes:$root/local/workspace/target/classes:$(cat "$out/runtime.classpath")

bench_machine "$java"

# ---- moto (Secrets Manager, S3) and the local workspace, each on a free loopback port
bench_moto "$out" "$java"
export BENCH_DATABRICKS_TOKEN=dapi-bench-$RANDOM$RANDOM
coproc workspace { BENCH_WORKSPACE_KEYSTORE=$workspace_keystore BENCH_WORKSPACE_KEYSTORE_PASSWORD=$workspace_keystore_password exec "$java" -cp "$workspace_cp" dev.controlplane.bench.BenchWorkspace "$out/workspace" 2>"$out/workspace.log"; }
workspace_pid=$workspace_PID
trap 'kill "$moto_pid" "$workspace_pid" 2>/dev/null || true' EXIT
read -r workspace_url config_dir <&"${workspace[0]}"
echo "local workspace at $workspace_url"

python3 - <<'PY'
import os, time, boto3, botocore
endpoint, region = os.environ["AWS_ENDPOINT_URL"], os.environ["AWS_REGION"]
def client(service):
    return boto3.client(service, endpoint_url=endpoint, region_name=region)
for _ in range(200):
    try:
        client("s3").list_buckets(); break
    except botocore.exceptions.EndpointConnectionError:
        time.sleep(0.1)
client("s3").create_bucket(Bucket="bench-anchor")
client("secretsmanager").create_secret(Name="controlplane/dev/databricks-token", SecretString=os.environ["BENCH_DATABRICKS_TOKEN"])
PY
export BENCH_BUCKET=bench-anchor BENCH_WORKSPACE_URL=$workspace_url CONTROLPLANE_CONFIG_DIR=$config_dir CONTROLPLANE_ENVIRONMENT=dev

cmd() {
  local flags=$1 archive=$2 main=$3 classpath=${4:-$cp}
  local c="$java $java_tls $flags"
  [[ -n "$archive" ]] && c="$c -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive"
  echo "$c -cp $classpath dev.controlplane.bench.$main"
}

coldstart() {  # coldstart TAG TITLE FLAGS CDS(0|1)
  local tag=$1 title=$2 flags=$3 cds=$4 anchor_cmd ours_cmd
  echo
  echo "### Cold start, $title"
  echo
  echo "| process | median s | min s | max s | median cpu s |"
  echo "|---|---:|---:|---:|---:|"
  if [[ "$cds" == 1 ]]; then
    rm -f "$out/anchor.jsa" "$out/submit.jsa"
    anchor_cmd=$(cmd "$flags" "$out/anchor.jsa" AnchorColdStart)
    ours_cmd=$(cmd "$flags" "$out/submit.jsa" SubmitRunColdStart "$ours_cp")
    # The first run of each writes its archive at exit; the timed runs (after WARMUP more) use it.
    $anchor_cmd >/dev/null 2>&1; $ours_cmd >/dev/null 2>&1
  else
    anchor_cmd=$(cmd "$flags" "" AnchorColdStart)
    ours_cmd=$(cmd "$flags" "" SubmitRunColdStart "$ours_cp")
  fi
  python3 "$root/bench/paired_time.py" "$runs" "$warmup" SubmitRun "$anchor_cmd" "$ours_cmd" "$out/coldstart-$tag.jsonl"
  # Where the time goes inside one more process of ours (construction, then the first invocation).
  $ours_cmd 2>&1 >/dev/null | sed -n 's/^construct_ms/one more run: construct_ms/p'
}

if [[ "${SPLIT:-0}" != 0 ]]; then
  # Phases inside the process, as SnapStart splits them: init (construction, and priming when the hook runs it) goes
  # into the snapshot; a restored start pays only the invocation. Lambda's java21 flags (the template's
  # JAVA_TOOL_OPTIONS stops at C1; one vCPU or less gets the serial collector), no AppCDS.
  split_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  for ((i = 0; i < SPLIT; i++)); do
    echo "anchor $($java $java_tls $split_flags -cp "$cp" dev.controlplane.bench.AnchorColdStart 2>&1 >/dev/null | grep construct_ms)"
    echo "unprimed $($java $java_tls $split_flags -cp "$ours_cp" dev.controlplane.bench.SubmitRunColdStart 2>&1 >/dev/null | grep construct_ms)"
    echo "primed $(BENCH_PRIME=1 $java $java_tls $split_flags -cp "$ours_cp" dev.controlplane.bench.SubmitRunColdStart 2>&1 >/dev/null | grep construct_ms)"
  done >"$out/split.txt"
  python3 - "$out/split.txt" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    kind, rest = line.split(" ", 1)
    rows.setdefault(kind, []).append({k: float(v) for k, v in re.findall(r"(\w+)_ms=([0-9.]+)", rest)})
print("| process | runs | init (construct + prime) ms | first invocation ms |")
print("|---|---:|---:|---:|")
for kind in ("anchor", "unprimed", "primed"):
    r = rows.get(kind, [])
    init = statistics.median(x["construct"] + x.get("prime", 0) for x in r)
    invoke = statistics.median(x["invoke"] for x in r)
    print(f"| {kind} | {len(r)} | {init:.0f} | {invoke:.0f} |")
anchor = rows["anchor"]
for kind in ("unprimed", "primed"):
    ratios = [o["invoke"] / a["invoke"] for o, a in zip(rows[kind], anchor)]
    print(f"{kind}: first invocation / anchor's, median of pairwise ratios {statistics.median(ratios):.2f}x "
          f"({min(ratios):.2f}-{max(ratios):.2f})")
PY
  exit 0
fi
echo "Each pair: anchor then ours, $runs pairs after $warmup warm-up pairs; ratio = median of ours/anchor per pair."
[[ "$flags_wanted" == all || "$flags_wanted" == plain ]] && coldstart plain "JVM defaults" "" 0
[[ "$flags_wanted" == all || "$flags_wanted" == fast ]] \
  && coldstart cds "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC and an AppCDS archive per command" "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" 1
[[ "$flags_wanted" == all || "$flags_wanted" == lambda ]] \
  && coldstart lambda "the template's JAVA_TOOL_OPTIONS ($lambda_flags), no AppCDS" "$lambda_flags" 0
exec {workspace[1]}>&-
