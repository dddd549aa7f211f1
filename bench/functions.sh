#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (Functions: webhook throughput and cold start).
#   1. in-process, warm: GitHubWebhookHandler on signed push deliveries with in-memory adapters
#      (dev.controlplane.bench.WebhookThroughputBench): deliveries/s, p50 / p99 µs per round.
#   2. cold start, whole processes: a function of each Lambda package (ArtifactUploaded and GitHubWebhook: triggers;
#      RetireFeature: storage; PlanReplication: replication; SubmitRun has bench/submit-coldstart.sh) built from
#      environment variables pointing at a local moto server and invoked once, against the anchor (one S3 client, one
#      PutObject, one GetObject), timed in turn (anchor, ours, ...) with bench/paired_time.py; once with the JVM's
#      defaults, once with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC and an AppCDS archive per command, and once with
#      the flags the functions deploy with (template.yaml's JAVA_TOOL_OPTIONS), no AppCDS, as Lambda runs them.
# Needs: a built tree (mvn -B -o -q -pl functions -am test-compile), python3 with moto[server] and boto3.
# Usage: bench/functions.sh     env: JAVA (temurin 25), RUNS (20), WARMUP (2), DELIVERIES (20000),
#                                    WARMUP_DELIVERIES (20000), ROUNDS (3), ONLY (throughput|coldstart),
#                                    FLAGS (all, or one of plain|fast|lambda: the cold-start flag sets above),
#                                    SPLIT=N (instead of the pairs: N rounds of in-process phases, init and first
#                                    invocation, of the anchor and of each function above, unprimed and with
#                                    their SnapStart priming run (BENCH_PRIME=1); the template's flags),
#                                    FROM_PACKAGE=1 (each handler from its Lambda package, functions/packages/PACKAGE:
#                                    what deploys; the anchor keeps the whole runtime classpath),
#                                    SCHEME (https, the default: moto serves TLS with a certificate made here, as
#                                    AWS's endpoints are reached; or http), see bench/coldstart-lib.sh
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
runs=${RUNS:-20}
warmup=${WARMUP:-2}
deliveries=${DELIVERIES:-20000}
warmup_deliveries=${WARMUP_DELIVERIES:-20000}
rounds=${ROUNDS:-3}
only=${ONLY:-}
out=$root/bench/.out/functions
mkdir -p "$out"

# ---- the classpath: the functions module's classes, its bench classes (test sources) and runtime dependencies
# shellcheck source=bench/coldstart-lib.sh
source "$root/bench/coldstart-lib.sh"
bench_classpath "$root" "$out" "$java" dev/controlplane/bench/WebhookColdStart.class \
  dev/controlplane/handlers/GitHubWebhookHandler.class
bench_machine "$java"
echo

# ---- 1. in-process throughput
if [[ -z "$only" || "$only" == throughput ]]; then
  echo "### Webhook handler in-process: $deliveries signed push deliveries per round after $warmup_deliveries warm-up ones"
  echo
  echo "| round | deliveries/s | p50 µs | p99 µs | max µs |"
  echo "|---:|---:|---:|---:|---:|"
  n=0
  while read -r line; do
    n=$((n + 1))
    echo "$line" >>"$out/throughput.jsonl"
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("| %s | %.0f | %.1f | %.1f | %.0f |" % (sys.argv[2], r["deliveries_per_s"], r["p50_us"], r["p99_us"], r["max_us"]))' "$line" "$n"
  done < <("$java" -cp "$cp" dev.controlplane.bench.WebhookThroughputBench "$root/events" "$deliveries" "$warmup_deliveries" "$rounds")
  echo
fi
[[ "$only" == throughput ]] && exit 0

# ---- 2. cold start against moto on a free loopback port
bench_moto "$out" "$java"
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
setup=$(python3 - "$root/events/github-webhook-secret.json" <<'PY'
import json, os, sys, time, boto3, botocore
endpoint, region = os.environ["AWS_ENDPOINT_URL"], os.environ["AWS_REGION"]
def client(service):
    return boto3.client(service, endpoint_url=endpoint, region_name=region)
for _ in range(200):
    try:
        client("s3").list_buckets(); break
    except botocore.exceptions.EndpointConnectionError:
        time.sleep(0.1)
s3 = client("s3")
s3.create_bucket(Bucket="bench-anchor")
secret = json.load(open(sys.argv[1]))["secret"]
client("secretsmanager").create_secret(Name="bench-github-webhook", SecretString=secret)
client("dynamodb").create_table(TableName="bench-deliveries",
    AttributeDefinitions=[{"AttributeName": "deliveryId", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "deliveryId", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
arn = client("stepfunctions").create_state_machine(name="promote-artifact",
    roleArn="arn:aws:iam::123456789012:role/promote-artifact",
    definition='{"StartAt":"Accept","States":{"Accept":{"Type":"Pass","End":true}}}')["stateMachineArn"]
# RetireFeature (storage): a registry table and an artifact bucket; PlanReplication (replication): a dataset of 200
# objects in 4 folders and an empty target, and the plan bucket
client("dynamodb").create_table(TableName="bench-registry",
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    BillingMode="PAY_PER_REQUEST")
for bucket in ("bench-artifacts", "bench-prod", "bench-staging", "bench-plans"):
    s3.create_bucket(Bucket=bucket)
for i in range(200):
    s3.put_object(Bucket="bench-prod", Key=f"part-{i % 4}/object-{i:04d}.json", Body=b"{}" * 64)
print(f"export BENCH_BUCKET=bench-anchor WEBHOOK_SECRET_ID=bench-github-webhook DELIVERIES_TABLE=bench-deliveries STATE_MACHINE_ARN={arn}"
      " REGISTRY_TABLE=bench-registry REPLICATION_PLAN_BUCKET=bench-plans")
PY
)
eval "$setup"

plain=""
fast="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
# What Lambda runs the functions with: the template's JAVA_TOOL_OPTIONS (the JVM reads that variable itself there).
lambda_flags=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$root/template.yaml" | head -n 1)
[[ -n "$lambda_flags" ]] || { echo "bench: no JAVA_TOOL_OPTIONS in template.yaml" >&2; exit 2; }
flags_wanted=${FLAGS:-all}
# cmd FLAGS ARCHIVE MAIN [ARG]: the java command line for one bench main (ARCHIVE empty: no AppCDS)
cmd() {
  local flags=$1 archive=$2 main=$3 arg=${4:-} classpath=${5:-$cp}
  local c="$java $java_tls $flags"
  [[ -n "$archive" ]] && c="$c -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive"
  echo "$c -cp $classpath dev.controlplane.bench.$main $arg"
}

# The functions timed, one per package: LABEL|PACKAGE|ENV|MAIN ARGS (ENV: variables for both processes of the pair,
# or -). ArtifactUploaded and GitHubWebhook have mains of their own; the others are built by name as Lambda builds them.
specs=(
  "ArtifactUploaded|triggers|-|UploadColdStart $root/events/s3-manifest-put.json"
  "GitHubWebhook|triggers|-|WebhookColdStart $root/events/github-push-merge.json"
  "RetireFeature|storage|-|FunctionColdStart dev.controlplane.handlers.RetireFeatureHandler $root/bench/coldstart/retire-feature.json deleted"
  "PlanReplication|replication|CONTROLPLANE_CONFIG_DIR=$root/bench/coldstart/config|FunctionColdStart dev.controlplane.handlers.PlanReplicationHandler $root/bench/coldstart/plan-replication.json copies"
)
# The classpath of a package's functions: the package (what deploys) with FROM_PACKAGE=1, else the whole runtime's.
package_cp() {
  if [[ "${FROM_PACKAGE:-0}" == 1 ]]; then
    bash "$root/functions/packages/build" "$1" >&2
    local c
    c=$out/functions-bench.jar:$(printf '%s:' "$root"/functions/packages/"$1"/target/package/lib/*.jar)
    echo "${c%:}"
  else
    echo "$cp"
  fi
}

# coldstart TAG TITLE FLAGS CDS(0|1)
coldstart() {
  local tag=$1 title=$2 flags=$3 cds=$4 anchor_cmd ours_cmd label package env main prefix spec
  echo "### Cold start, $title"
  echo
  echo "| process | median s | min s | max s | median cpu s |"
  echo "|---|---:|---:|---:|---:|"
  for spec in "${specs[@]}"; do
    IFS='|' read -r label package env main <<<"$spec"
    prefix=$([[ "$env" == - ]] && echo "" || echo "env $env ")
    # shellcheck disable=SC2086 # main is a class and its arguments
    if [[ "$cds" == 1 ]]; then
      rm -f "$out/anchor-$label.jsa" "$out/$label.jsa"
      anchor_cmd="$prefix$(cmd "$flags" "$out/anchor-$label.jsa" AnchorColdStart)"
      ours_cmd="$prefix$(cmd "$flags" "$out/$label.jsa" "$main" "" "$(package_cp "$package")")"
      # The first run of each writes its archive at exit; the timed runs (after WARMUP more) use it.
      $anchor_cmd >/dev/null 2>&1; $ours_cmd >/dev/null 2>&1
    else
      anchor_cmd="$prefix$(cmd "$flags" "" AnchorColdStart)"
      ours_cmd="$prefix$(cmd "$flags" "" "$main" "" "$(package_cp "$package")")"
    fi
    python3 "$root/bench/paired_time.py" "$runs" "$warmup" "$label" "$anchor_cmd" "$ours_cmd" "$out/coldstart-$tag.jsonl"
  done
  echo
}

if [[ "${SPLIT:-0}" != 0 ]]; then
  # Phases inside the process, as SnapStart splits them: construction and SnapStart's priming are init (in the
  # snapshot); a restored start pays the first invocation. Each round: the anchor, ours unprimed, ours primed
  # (BENCH_PRIME=1 runs the function's hook as Lambda runs it before the snapshot). The template's flags, no AppCDS.
  for spec in "${specs[@]}"; do
    IFS='|' read -r label package env main <<<"$spec"
    prefix=$([[ "$env" == - ]] && echo "" || echo "env $env ")
    ours=$(cmd "$lambda_flags" "" "$main" "" "$(package_cp "$package")")
    for ((i = 0; i < SPLIT; i++)); do
      # shellcheck disable=SC2086 # a command line
      echo "$label anchor $($prefix$(cmd "$lambda_flags" "" AnchorColdStart) 2>&1 >/dev/null | grep construct_ms)"
      # shellcheck disable=SC2086
      echo "$label unprimed $($prefix$ours 2>&1 >/dev/null | grep construct_ms)"
      # shellcheck disable=SC2086
      echo "$label primed $(BENCH_PRIME=1 $prefix$ours 2>&1 >/dev/null | grep construct_ms)"
    done
  done >"$out/split.txt"
  python3 - "$out/split.txt" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, kind, rest = line.split(" ", 2)
    rows.setdefault(label, {}).setdefault(kind, []).append({k: float(v) for k, v in re.findall(r"(\w+)_ms=([0-9.]+)", rest)})
print("| function | process | runs | init ms (construct + prime) | first invocation ms | first invocation / anchor's (pairwise) |")
print("|---|---|---:|---:|---:|---:|")
for label, r in rows.items():
    anchor = r["anchor"]
    for kind in ("anchor", "unprimed", "primed"):
        runs = r.get(kind, [])
        init = statistics.median(x["construct"] + x.get("prime", 0) for x in runs)
        invoke = statistics.median(x["invoke"] for x in runs)
        ratios = [x["invoke"] / a["invoke"] for x, a in zip(runs, anchor)]
        ratio = "" if kind == "anchor" else f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"
        print(f"| {label} | {kind} | {len(runs)} | {init:.0f} | {invoke:.0f} | {ratio} |")
PY
  exit 0
fi
if [[ -z "$only" || "$only" == coldstart ]]; then
  echo "Each pair: anchor then ours, $runs pairs after $warmup warm-up pairs; ratio = median of ours/anchor per pair."
  echo
  [[ "$flags_wanted" == all || "$flags_wanted" == plain ]] && coldstart plain "JVM defaults" "$plain" 0
  [[ "$flags_wanted" == all || "$flags_wanted" == fast ]] \
    && coldstart cds "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC and an AppCDS archive per command" "$fast" 1
  [[ "$flags_wanted" == all || "$flags_wanted" == lambda ]] \
    && coldstart lambda "the template's JAVA_TOOL_OPTIONS ($lambda_flags), no AppCDS" "$lambda_flags" 0
fi
