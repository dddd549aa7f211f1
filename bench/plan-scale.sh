#!/usr/bin/env bash
# The replication plan step at scale (BENCHMARKS.md, "Planning 1,000,000 objects"): PlanReplicationHandler as the
# function runs it, its SDK client answered in-process by dev.controlplane.bench.PlanScale (ListObjectsV2 pages
# generated per request, plan files taken and dropped; no server), the heap capped at half of PlanReplication's
# MemorySize in template.yaml (so a pass is a margin of at least 2x over the function's whole memory). Three cases: no-op (both sides equal), 1% changed plus 1% extra in
# the target, and a full copy (empty target).
# Needs: functions built (mvn -B -q -pl functions -am test-compile). Env: FOLDERS (1000), PER_FOLDER (1000),
# HEAP (MiB; default half the MemorySize), JAVA_HOME.
set -eo pipefail; set -u

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bin/find-jdk
source "$root/bin/find-jdk"
find_jdk
out=$root/bench/.out/plan-scale
mkdir -p "$out"
memory=$(awk '/PlanReplicationFunction:/{f=1} f && /MemorySize:/{print $2; exit}' "$root/template.yaml")
heap=${HEAP:-$((memory / 2))}
folders=${FOLDERS:-1000}
per_folder=${PER_FOLDER:-1000}
if [[ ! -f "$root/functions/target/test-classes/dev/controlplane/bench/PlanScale.class" ]]; then
  echo "bench: functions is not built; run: mvn -B -q -pl functions -am test-compile" >&2
  exit 2
fi
if [[ ! -s "$out/runtime.classpath" || "$root/functions/pom.xml" -nt "$out/runtime.classpath" ]]; then
  # With -am, so that the sibling modules resolve from the reactor offline; functions is built last and its classpath
  # is what the file holds.
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -o -q -pl functions -am compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/runtime.classpath") >&2
fi
cp=$root/functions/target/classes:$root/functions/target/test-classes:$(cat "$out/runtime.classpath")
echo "PlanReplication MemorySize ${memory} MB; heap capped at ${heap} MiB; $folders folders x $per_folder objects"
for case in "no-op:0:same" "1% changed, 1% extra:1:same" "full copy:0:empty"; do
  IFS=: read -r name changed target <<<"$case"
  # Lambda's JVM: the runtime's flags (-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC).
  line=$(/usr/bin/time -f "rss %M KiB" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Xmx"${heap}m" -Xlog:gc:file="$out/gc.log" -cp "$cp" dev.controlplane.bench.PlanScale "$root/bench/replicate-config" "$folders" \
    "$per_folder" "$changed" "$target" 2>"$out/last.err" | tail -1) || { tail -20 "$out/last.err" >&2; exit 1; }
  # The live set: the largest heap left after a collection (the pools' peaks count garbage not yet collected).
  live=$(grep -o -- '->[0-9]*M' "$out/gc.log" | tr -d -- '->M' | sort -n | tail -1)
  collections=$(grep -c 'Pause' "$out/gc.log" || true)
  echo "$name: $line, live heap after GC at most ${live:-?} MiB ($collections collections), $(grep '^rss' "$out/last.err")"
done
