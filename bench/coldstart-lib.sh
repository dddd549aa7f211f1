# Sourced by the cold-start benches (bench/functions.sh, bench/submit-coldstart.sh): what both need before they time.

# bench_classpath ROOT OUT JAVA CLASS...: stops unless the functions module and its bench classes are built (each
# CLASS, a path under target/classes or target/test-classes, must exist); writes OUT/runtime.classpath (Maven's
# runtime classpath of functions) when missing or older than functions/pom.xml; packs the functions' classes and the
# bench classes into OUT/functions.jar and OUT/functions-bench.jar. Sets classes, bench_classes and cp (those two
# jars and the runtime jars: jars only, as Lambda runs from a package and as AppCDS archives only classes from jars;
# the runtime classpath's folders, test-scoped reactor modules, would keep AppCDS from archiving any application
# class).
bench_classpath() {
  local root=$1 out=$2 java=$3 jar_tool runtime_jars class
  shift 3
  classes=$root/functions/target/classes
  bench_classes=$root/functions/target/test-classes
  for class in "$@"; do
    if [[ ! -f "$classes/$class" && ! -f "$bench_classes/$class" ]]; then
      echo "bench: functions is not built ($class missing); run: mvn -B -o -q -pl functions -am test-compile" >&2
      exit 2
    fi
  done
  if [[ ! -s "$out/runtime.classpath" || "$root/functions/pom.xml" -nt "$out/runtime.classpath" ]]; then
    # With -am, so that the test-scoped modules (the local workspace, test support) resolve from the reactor;
    # functions is built last and its classpath is what the file holds.
    (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
      JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$java")")} mvn -B -o -q -pl functions -am compile \
      org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/runtime.classpath") >&2
  fi
  jar_tool=$(dirname "$java")/jar
  rm -f "$out/functions.jar" "$out/functions-bench.jar"
  "$jar_tool" --create --file "$out/functions.jar" -C "$classes" .
  "$jar_tool" --create --file "$out/functions-bench.jar" -C "$bench_classes" dev/controlplane/bench \
    -C "$bench_classes" dev/controlplane/handlers/BenchPriming.class
  runtime_jars=$(tr ':' '\n' <"$out/runtime.classpath" | grep '\.jar$' | paste -sd: -)
  cp=$out/functions.jar:$out/functions-bench.jar:$runtime_jars
}

# bench_machine JAVA: the line saying what ran the figures.
bench_machine() {
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); java $("$1" -version 2>&1 \
    | head -n 1 | sed 's/.*version "\([^"]*\)".*/\1/')"
}

# bench_moto OUT JAVA: a moto server on a free port of 127.0.0.1, over https unless SCHEME=http (bench_tls), its
# log in OUT/moto.log; sets moto_pid (the caller stops it) and exports what the processes timed and the Python
# set-up read: the endpoint, region and test credentials, and, as in Lambda, no shared AWS config or credentials
# files.
bench_moto() {
  local out=$1 java=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  bench_tls "$out" "$java"
  python3 -m moto.server -H 127.0.0.1 -p "$port" "${server_tls[@]}" >"$out/moto.log" 2>&1 &
  moto_pid=$!
  export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$scheme://127.0.0.1:$port AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export AWS_CONFIG_FILE=$out/no-aws-config AWS_SHARED_CREDENTIALS_FILE=$out/no-aws-credentials
  unset AWS_PROFILE AWS_SESSION_TOKEN
}

# bench_tls OUT JAVA: SCHEME (https, the default, as S3, DynamoDB, Secrets Manager and a Databricks workspace are
# reached in AWS; or http) for the local servers the timed processes call. Sets scheme; server_tls (moto.server's
# arguments); java_tls (the JVM flags of every process timed: a copy of the JDK's trust store with the bench's
# certificate added, so both sides load and check what they would in Lambda); workspace_keystore and
# workspace_keystore_password (for a Java server); and exports AWS_CA_BUNDLE for the Python set-up (boto3).
bench_tls() {
  local dir=$1/tls java=$2 jdk
  scheme=${SCHEME:-https}
  server_tls=()
  java_tls=""
  workspace_keystore=""
  workspace_keystore_password=""
  case "$scheme" in
    http) return 0 ;;
    https) ;;
    *) echo "bench: SCHEME is '$scheme'; expected https or http" >&2; exit 2 ;;
  esac
  jdk=$(dirname "$(dirname "$java")")
  rm -rf "$dir" && mkdir -p "$dir"
  python3 "$(dirname "${BASH_SOURCE[0]}")/tls.py" "$dir" benchpass
  cp "$jdk/lib/security/cacerts" "$dir/truststore.p12"
  chmod u+w "$dir/truststore.p12"
  "$jdk/bin/keytool" -importcert -noprompt -alias controlplane-bench -file "$dir/cert.pem" \
    -keystore "$dir/truststore.p12" -storepass changeit >/dev/null
  server_tls=(-c "$dir/cert.pem" -k "$dir/key.pem")
  java_tls="-Djavax.net.ssl.trustStore=$dir/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit"
  workspace_keystore=$dir/server.p12
  workspace_keystore_password=benchpass
  export AWS_CA_BUNDLE=$dir/cert.pem
}
