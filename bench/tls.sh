# Sourced by the cold-start benches: SCHEME (https, the default, as S3, DynamoDB, Secrets Manager and a Databricks
# workspace are reached in AWS; or http) for the local servers the timed processes call.
# bench_tls OUT_DIR JAVA sets: scheme; server_tls (moto.server's arguments); java_tls (the JVM flags of every
# process timed: a copy of the JDK's trust store with the bench's certificate added, so both sides load and check
# what they would in Lambda); workspace_keystore and workspace_keystore_password (for a Java server); and exports
# AWS_CA_BUNDLE for the Python set-up (boto3).
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
