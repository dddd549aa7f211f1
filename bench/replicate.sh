#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (replicate-data against aws s3 sync and rclone sync).
# One S3Proxy endpoint (filesystem store) configured from ../shared/bench/s3/ (s3proxy.properties, populate.py,
# mutate.py, rclone.conf, used as they are): bucket prod of 10,000 x 4 KiB objects over 100 prefixes + 20 x 8 MiB.
# Each round, for each tool in turn (ours, aws s3 sync, rclone sync --fast-list --checksum --transfers 16
# --checkers 16): staging emptied, then (1) full copy, (2) no-op resync, (3) mutate.py changes 100 objects and a
# resync; each timed as a whole process. Medians over the rounds and the ratios tool / ours are printed.
# Needs: java 21+, python3 with boto3, awscli, rclone (apt-get install -y rclone), Maven (to fetch the S3Proxy jar
# and build the CLI). Port 5201 (the shared config's) must be free.
# Usage: bench/replicate.sh     env: ROUNDS (5; the first round often meets a less warmed-up S3Proxy),
#                               SCHEME (http, or https: S3Proxy serves TLS on the same port from a keystore made
#                               here with keytool for 127.0.0.1 only; every tool is given its certificate),
#                               ANCHOR_DIR (../shared/bench/s3), JAVA_HOME
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
anchor=${ANCHOR_DIR:-$root/../shared/bench/s3}
rounds=${ROUNDS:-5}
scheme=${SCHEME:-http}
[[ $scheme == http || $scheme == https ]] || { echo "bench: SCHEME is '$scheme'; expected http or https" >&2; exit 2; }
out=$root/bench/.out/replicate-$scheme
work=$out/s3proxy
endpoint=$scheme://127.0.0.1:5201
mkdir -p "$out"
# shellcheck source=bin/find-jdk
source "$root/bin/find-jdk"
find_jdk
java="$JAVA_HOME/bin/java"

for tool in python3 aws rclone mvn; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (rclone: apt-get install -y rclone)" >&2; exit 2; }
done
[[ -f "$anchor/s3proxy.properties" ]] || { echo "bench: no $anchor/s3proxy.properties; set ANCHOR_DIR" >&2; exit 2; }
if (exec 3<>/dev/tcp/127.0.0.1/5201) 2>/dev/null; then
  echo "bench: port 5201 is in use; the shared S3Proxy config listens there" >&2
  exit 2
fi

# ---- S3Proxy from Maven Central (jar-with-dependencies), the shared properties as they are
s3proxy_jar=$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar
if [[ ! -f "$s3proxy_jar" ]]; then
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q \
    org.apache.maven.plugins:maven-dependency-plugin:3.11.0:get \
    -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies >&2
fi
rm -rf "$work"
mkdir -p "$work/s3proxy-data"
properties=$anchor/s3proxy.properties
rclone_conf=$anchor/rclone.conf
if [[ $scheme == https ]]; then
  # A self-signed key for 127.0.0.1 only; S3Proxy serves TLS from it on the shared config's port instead of HTTP.
  "$JAVA_HOME/bin/keytool" -genkeypair -alias s3proxy -keyalg RSA -keysize 2048 -validity 2 \
    -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1 -keystore "$work/keystore.p12" -storetype PKCS12 \
    -storepass benchpass -keypass benchpass >/dev/null 2>&1
  "$JAVA_HOME/bin/keytool" -exportcert -rfc -alias s3proxy -keystore "$work/keystore.p12" -storepass benchpass \
    -file "$work/s3proxy.pem" >/dev/null 2>&1
  "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias s3proxy -file "$work/s3proxy.pem" \
    -keystore "$work/truststore.p12" -storetype PKCS12 -storepass benchpass >/dev/null 2>&1
  # The shared properties with the endpoint made secure; everything else as it is.
  properties=$work/s3proxy-https.properties
  { grep -v '^s3proxy.endpoint=' "$anchor/s3proxy.properties"
    echo "s3proxy.secure-endpoint=$endpoint"
    echo "s3proxy.keystore-path=$work/keystore.p12"
    echo "s3proxy.keystore-password=benchpass"; } >"$properties"
  rclone_conf=$work/rclone-https.conf
  sed "s#^endpoint = .*#endpoint = $endpoint#" "$anchor/rclone.conf" >"$rclone_conf"
fi
# S3Proxy 4.1.0 refuses the relative basedir ./s3proxy-data ("Path traversal attempt detected"): the same folder,
# given absolute as a system property (which overrides the file's value), keeps the properties file untouched.
(cd "$work" && exec "$java" -Djclouds.filesystem.basedir="$work/s3proxy-data" -jar "$s3proxy_jar" \
  --properties "$properties" >"$out/s3proxy.log" 2>&1) &
s3proxy_pid=$!
trap 'kill "$s3proxy_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/5201) 2>/dev/null && break
  sleep 0.2
done

export AWS_ACCESS_KEY_ID=AKIAANCHOR AWS_SECRET_ACCESS_KEY=anchorsecret AWS_REGION=us-east-1 S3_ENDPOINT=$endpoint
# rclone's S3 backend fails on an AWS_CA_BUNDLE it cannot use with a plain-HTTP endpoint: over http nothing is TLS;
# over https every tool trusts the bench's certificate (awscli and boto3 by AWS_CA_BUNDLE, rclone by --ca-cert, our
# JVM by its trust store).
unset AWS_CA_BUNDLE
rclone_tls=()
aws_tls=()
if [[ $scheme == https ]]; then
  # Not exported: rclone's S3 backend refuses an AWS_CA_BUNDLE ("HTTPClient's transport unsupported type").
  aws_tls=(env AWS_CA_BUNDLE="$work/s3proxy.pem")
  rclone_tls=(--ca-cert "$work/s3proxy.pem")
  export JAVA_OPTS="${JAVA_OPTS:-} -Djavax.net.ssl.trustStore=$work/truststore.p12 -Djavax.net.ssl.trustStorePassword=benchpass"
fi
echo "bench: populating prod (10,020 objects) ..." >&2
"${aws_tls[@]}" python3 "$anchor/populate.py" >&2

# ---- the CLI, built once (the launcher builds it when stale)
"$root/controlplane" help >/dev/null 2>&1

ours=("$root/controlplane" replicate --config "$root/bench/replicate-config" --endpoint-url "$endpoint"
      --plan-bucket replication-plans)
awscli=("${aws_tls[@]}" aws --endpoint-url "$endpoint" s3 sync s3://prod s3://staging --delete --only-show-errors)
rclone_sync=(rclone --config "$rclone_conf" "${rclone_tls[@]}" sync --fast-list --checksum --transfers 16
             --checkers 16 s3p:prod s3p:staging)

empty_staging() {
  # The filesystem store keeps a bucket as a folder: emptying it there is instant and leaves the bucket.
  find "$work/s3proxy-data/staging" -mindepth 1 -delete
}

timed() {  # timed ROUND PHASE TOOL COMMAND...
  local round=$1 phase=$2 tool=$3
  shift 3
  local start end
  start=$(date +%s.%N)
  if ! "$@" >"$out/last.log" 2>&1; then
    echo "bench: $tool failed in '$phase':" >&2
    tail -20 "$out/last.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  python3 -c "import json,sys; print(json.dumps({'round': $round, 'phase': '$phase', 'tool': '$tool', 'seconds': round($end - $start, 3)}))" \
    >>"$out/times.jsonl"
  echo "bench: round $round, $phase, $tool: $(python3 -c "print(round($end - $start, 2))") s" >&2
}

# Untimed warm-ups of our command: on JDK 25+ the first run records its classes and the second makes the start-up
# cache from that record (see ./controlplane), so that no timed run pays for either.
empty_staging
"${ours[@]}" >/dev/null 2>&1
"${ours[@]}" >/dev/null 2>&1
rm -f "$out/times.jsonl"
for round in $(seq 1 "$rounds"); do
  for tool in "controlplane replicate" "aws s3 sync" "rclone sync"; do
    case $tool in
      "controlplane replicate") cmd=("${ours[@]}") ;;
      "aws s3 sync") cmd=("${awscli[@]}") ;;
      "rclone sync") cmd=("${rclone_sync[@]}") ;;
    esac
    empty_staging
    timed "$round" "full copy" "$tool" "${cmd[@]}"
    timed "$round" "no-op resync" "$tool" "${cmd[@]}"
    "${aws_tls[@]}" python3 "$anchor/mutate.py" >/dev/null
    timed "$round" "resync after 100 changes" "$tool" "${cmd[@]}"
  done
done
python3 "$root/bench/replicate_report.py" "$out/times.jsonl" | tee "$out/report.md"
