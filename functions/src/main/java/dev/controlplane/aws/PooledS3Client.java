package dev.controlplane.aws;

import java.util.Map;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of a function that sends many requests at once (replication's listings and copies): as
 * {@link S3ArtifactStore#client}, on the SDK's Apache 5 HTTP client with a pool of kept-alive connections.
 *
 * <p>Why not the url-connection client there: the JDK keeps an {@code HttpURLConnection}'s connection for the next
 * request only when the answer was read to its last byte before the stream was closed, and keeps at most five per
 * host. Over TLS, against S3Proxy (which sends every answer in chunks), nearly every request of a full copy opened a
 * new connection and paid a TLS handshake: half of the process's CPU in a profile of bench/replicate.sh over https.
 * The Apache client reads each answer to its end and keeps as many connections as the function has requests in
 * flight. The other functions send a few requests each and keep the url-connection client, which starts faster.
 * A class of its own so that only the replication package needs the Apache client's jars.
 */
public final class PooledS3Client {

    private PooledS3Client() {
    }

    /** @param connections the requests the function has in flight at most */
    public static S3Client of(Map<String, String> environment, int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections is " + connections + "; expected 1 or more");
        }
        return S3ArtifactStore.built(AwsClientConfig.configure(S3Client.builder(), environment)
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(connections)), environment);
    }
}
