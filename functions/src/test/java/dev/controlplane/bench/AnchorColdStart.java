package dev.controlplane.bench;

import java.net.URI;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cold-start anchor: the smallest useful Java Lambda, one SDK v2 S3 client (url-connection HTTP client)
 * built from the environment, one PutObject and one GetObject. Bucket from {@code BENCH_BUCKET}.
 */
public final class AnchorColdStart {

    private AnchorColdStart() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        S3Client s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(System.getenv("AWS_REGION")))
                .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .forcePathStyle(true)
                .build();
        long built = System.nanoTime();
        String bucket = System.getenv("BENCH_BUCKET");
        s3.putObject(request -> request.bucket(bucket).key("anchor/object.txt"), RequestBody.fromString("anchor"));
        String body = s3.getObjectAsBytes(request -> request.bucket(bucket).key("anchor/object.txt")).asUtf8String();
        long invoked = System.nanoTime();
        System.out.println(body);
        System.err.printf("construct_ms=%.1f invoke_ms=%.1f%n", (built - start) / 1e6, (invoked - built) / 1e6);
        if (!body.equals("anchor")) {
            System.exit(1);
        }
    }
}
