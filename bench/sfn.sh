#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (Step Functions engine): the local engine against the anchor, the npm
# package aws-local-stepfunctions, on the anchor's own definitions, in one run on this machine.
#   1. in-process, warm: loop / map / parallel, Node driver and `controlplane sfn bench` interleaved
#      (node, ours, node, ours, ...) ROUNDS times; the median of each engine's per-round medians;
#      once with RUNS executions per run (the driver's default 20), once with LONG_RUNS (LONG=0 skips it).
#   2. whole processes: `controlplane sfn run` of the loop against `node` running one loop execution.
# Usage: bench/sfn.sh            env: ROUNDS (3), RUNS (20), WARMUP (200), PROCESS_RUNS (20), TARGET (10: anchor / ours),
#                                     LONG_RUNS ("300 60 1000": loop, map, parallel), LONG (1),
#                                     ANCHOR_DIR (../shared/bench/sfn), NODE_DIR (bench/.node)
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
anchor=${ANCHOR_DIR:-$root/../shared/bench/sfn}
[[ -d "$anchor" ]] || anchor=/work/shared/bench/sfn
[[ -f "$anchor/run_local_sfn.mjs" ]] || { echo "bench: no anchor driver at $anchor (set ANCHOR_DIR)" >&2; exit 2; }
anchor=$(cd -P "$anchor" && pwd)
node_dir=${NODE_DIR:-$root/bench/.node}
rounds=${ROUNDS:-3}
runs=${RUNS:-20}
warmup=${WARMUP:-200}
process_runs=${PROCESS_RUNS:-20}
target=${TARGET:-10}
out=$root/bench/.out
mkdir -p "$out"

# ---- a JDK >= 21 and the CLI jar
if [[ -f "$root/bin/find-jdk" ]]; then
  # shellcheck source=/dev/null
  source "$root/bin/find-jdk"
  find_jdk
elif [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java=$JAVA_HOME/bin/java
jar=$root/local/cli/target/controlplane.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root"/local/*/src "$root"/local/*/pom.xml "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  echo "bench: building $jar ..." >&2
  # package, not install: the jar is all this needs, and the local repository is left alone
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -o package -pl local/cli -am -DskipTests) >&2
fi

# ---- the anchor, installed once in a scratch folder
if [[ ! -f "$node_dir/node_modules/aws-local-stepfunctions/package.json" ]]; then
  echo "bench: installing aws-local-stepfunctions@3.0.0 into $node_dir ..." >&2
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error aws-local-stepfunctions@3.0.0 >&2)
fi

field() { # field NAME < json line
  python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"
}
median() { # median of the numbers given as arguments
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); $(node --version) node; java $("$java" -version 2>&1 | head -n 1 | sed 's/.*version "\([^"]*\)".*/\1/')"
echo

# ---- 1. in-process, interleaved
# inprocess TITLE LOOP_RUNS MAP_RUNS PARALLEL_RUNS: ROUNDS rounds of (node, ours) per definition, then the table.
inprocess() {
  local title=$1 round spec def transitions line n o ratio verdict
  local -A runs_of=([loop]=$2 [map]=$3 [parallel]=$4) node_us=() ours_us=()
  echo "### $title"
  echo "RUNS (loop/map/parallel) = $2/$3/$4 timed executions per engine per round; $rounds rounds; ours after $warmup untimed warm-up executions"
  echo
  for round in $(seq "$rounds"); do
    for spec in loop:1000 map:3001 parallel:101; do
      def=${spec%%:*}
      transitions=${spec##*:}
      line=$(cd "$node_dir" && node "$anchor/run_local_sfn.mjs" "$anchor/$def.asl.json" "$anchor/$def.input.json" "$transitions" "${runs_of[$def]}")
      echo "$line" >>"$out/inprocess.jsonl"
      node_us[$def]="${node_us[$def]:-} $(field us_per_transition <<<"$line")"
      line=$("$java" -jar "$jar" sfn bench "$anchor/$def.asl.json" "$anchor/$def.input.json" "$transitions" "${runs_of[$def]}" --warmup "$warmup")
      echo "$line" >>"$out/inprocess.jsonl"
      ours_us[$def]="${ours_us[$def]:-} $(field us_per_transition <<<"$line")"
      echo "$title, round $round, $def: node ${node_us[$def]##* } us, ours ${ours_us[$def]##* } us per transition" >&2
    done
  done
  echo "| definition | transitions | anchor µs/transition | ours µs/transition | anchor / ours | target ${target}x |"
  echo "|---|---:|---:|---:|---:|---|"
  for spec in loop:1000 map:3001 parallel:101; do
    def=${spec%%:*}
    # shellcheck disable=SC2086 # word lists on purpose
    n=$(median ${node_us[$def]})
    # shellcheck disable=SC2086
    o=$(median ${ours_us[$def]})
    ratio=$(awk -v n="$n" -v o="$o" 'BEGIN {printf "%.1f", n / o}')
    verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN {print (r >= t) ? "met" : "missed"}')
    echo "| $def | ${spec##*:} | $n | $o | ${ratio}x | $verdict |"
  done
  echo
  echo "per round (µs/transition): node loop [${node_us[loop]} ] map [${node_us[map]} ] parallel [${node_us[parallel]} ];" \
    "ours loop [${ours_us[loop]} ] map [${ours_us[map]} ] parallel [${ours_us[parallel]} ]"
  echo
}

: >"$out/inprocess.jsonl"
inprocess "In-process, RUNS=$runs (the anchor driver's default, as in the issue's figures)" "$runs" "$runs" "$runs"
if [[ "${LONG:-1}" != 0 ]]; then
  read -r long_loop long_map long_parallel <<<"${LONG_RUNS:-300 60 1000}"
  inprocess "In-process, longer runs (both engines closer to steady state)" "$long_loop" "$long_map" "$long_parallel"
fi
echo "raw JSON lines of both drivers: bench/.out/inprocess.jsonl"
echo

# ---- 2. whole processes: one loop execution
loop_def=$anchor/loop.asl.json
loop_in=$anchor/loop.input.json
cds=$out/controlplane.jsa
rm -f "$cds"
cds_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$cds"
declare -a names commands
names+=("node sfn_once.mjs (anchor)")
commands+=("cd '$node_dir' && node '$root/bench/sfn_once.mjs' '$loop_def' '$loop_in'")
if [[ -x "$root/controlplane" ]]; then
  names+=("./controlplane sfn run (launcher)")
  commands+=("'$root/controlplane' sfn run '$loop_def' '$loop_in' --time-scale 0")
fi
names+=("java (C1, SerialGC, AppCDS) -jar controlplane.jar sfn run")
commands+=("'$java' $cds_flags -jar '$jar' sfn run '$loop_def' '$loop_in' --time-scale 0")
names+=("java -jar controlplane.jar sfn run (default flags)")
commands+=("'$java' -jar '$jar' sfn run '$loop_def' '$loop_in' --time-scale 0")

for c in "${commands[@]}"; do # each must succeed and print the loop's result
  bash -c "$c" 2>/dev/null | grep -q '"i":499' || { echo "bench: this command does not print the loop's result: $c" >&2; exit 1; }
done

echo "whole process, one loop execution (1,000 transitions); $process_runs runs each after 3 warm-up runs (which also create the class-data archive):"
if command -v hyperfine >/dev/null 2>&1; then
  args=()
  for i in "${!commands[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
  hyperfine --style basic --warmup 3 --runs "$process_runs" --export-json "$out/process.json" "${args[@]}" >"$out/process.txt" 2>&1
  python3 - "$out/process.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
anchor = results[0]["median"]
print("| process | median s | min s | max s | anchor / this |")
print("|---|---:|---:|---:|---:|")
for r in results:
    print(f"| {r['command']} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {anchor / r['median']:.2f}x |")
print("(hyperfine; each command runs through a shell, whose start-up is in every figure alike)")
EOF
else
  echo "| process | median s | anchor / this |"
  echo "|---|---:|---:|"
  anchor_median=""
  for i in "${!commands[@]}"; do
    for _ in 1 2 3; do bash -c "${commands[$i]}" >/dev/null 2>&1; done
    times=()
    for _ in $(seq "$process_runs"); do
      t0=$(date +%s%N); bash -c "${commands[$i]}" >/dev/null 2>&1; t1=$(date +%s%N)
      times+=("$(awk -v d=$((t1 - t0)) 'BEGIN {printf "%.3f", d / 1e9}')")
    done
    m=$(median "${times[@]}")
    anchor_median=${anchor_median:-$m}
    echo "| ${names[$i]} | $m | $(awk -v a="$anchor_median" -v m="$m" 'BEGIN {printf "%.2f", a / m}')x |"
  done
fi
