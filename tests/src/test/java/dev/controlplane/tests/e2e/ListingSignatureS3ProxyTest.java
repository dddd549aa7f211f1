package dev.controlplane.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3ListingPages;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3ListingPages' own SigV4 signatures checked by a server that verifies them: S3Proxy in this JVM with aws-v4
 * authentication (the replication tests run it without), for prefixes and continuation tokens of every awkward
 * character, with and without a session token.
 */
class ListingSignatureS3ProxyTest {

    private static final String ACCESS_KEY = "AKIDLISTING";
    private static final String SECRET = "listing/secret+key=";
    private static final String BUCKET = "listing-signature";
    /** More than a page (S3Proxy answers 1,000 keys a page), so that a continuation token is sent back. */
    private static final int MANY = 1_003;
    private static final String AWKWARD = "a b+c=d%e~f/été 日本/";

    private static S3Proxy proxy;
    private static URI endpoint;
    private static S3Client s3;

    @BeforeAll
    static void startVerifyingS3Proxy() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir",
                Files.createTempDirectory("listing-signature-s3proxy").toString());
        proxy = S3Proxy.builder().blobStore(BlobStores.create("filesystem", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET)
                // S3Proxy refuses x-amz headers it does not know, x-amz-security-token among them; it still checks
                // the signature over every signed header.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 20 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        s3 = client(SECRET, null);
        s3.createBucket(request -> request.bucket(BUCKET));
        List<String> keys = new ArrayList<>(List.of("plain/x.csv", "sp ace/x.csv", "plus+/x.csv", "eq=/x.csv",
                "pct%/x.csv", "tilde~/x.csv", "uni/été/日本.csv", AWKWARD + "sub/deep.csv"));
        for (int i = 0; i < MANY; i++) {
            keys.add(String.format("%s%04d +=%%~ü.csv", AWKWARD, i));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(threads.submit(() -> s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.empty())));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    private static S3Client client(String secret, String sessionToken) {
        Map<String, String> environment = new HashMap<>(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", secret));
        if (sessionToken != null) {
            environment.put("AWS_SESSION_TOKEN", sessionToken);
        }
        return S3ArtifactStore.client(environment);
    }

    @Test
    void prefixesOfEveryAwkwardCharacterAreListedWithSignaturesTheServerAccepts() {
        S3ListingPages pages = new S3ListingPages(s3);

        for (String folder : List.of("plain/", "sp ace/", "plus+/", "eq=/", "pct%/", "tilde~/", "uni/été/")) {
            assertThat(pages.page(BUCKET, folder, null, null).objects()).as(folder).singleElement()
                    .satisfies(entry -> assertThat(entry.key()).startsWith(folder));
        }
        assertThat(pages.page(BUCKET, "", "/", null).commonPrefixes()).containsExactlyInAnyOrder("a b+c=d%e~f/",
                "eq=/", "pct%/", "plain/", "plus+/", "sp ace/", "tilde~/", "uni/");
        assertThat(pages.page(BUCKET, AWKWARD + "s", "/", null).commonPrefixes()).containsExactly(AWKWARD + "sub/");
    }

    @Test
    void aListingOfMoreThanAPageFollowsItsContinuationTokenWithAndWithoutASessionToken() {
        for (String sessionToken : new String[] {null, "FwoGZXIvYXdzEJr//////////wEaDH+abc/def=="}) {
            try (S3Client withToken = client(SECRET, sessionToken)) {
                S3ListingPages pages = new S3ListingPages(withToken);
                List<String> keys = new ArrayList<>();
                String token = null;
                int requests = 0;
                do {
                    S3ListingPages.Page page = pages.page(BUCKET, AWKWARD, null, token);
                    page.objects().forEach(entry -> keys.add(entry.key()));
                    token = page.nextContinuationToken();
                    requests++;
                } while (token != null);

                assertThat(requests).as("pages").isGreaterThan(1);
                assertThat(keys).hasSize(MANY + 1).doesNotHaveDuplicates()
                        .contains(String.format("%s%04d +=%%~ü.csv", AWKWARD, MANY - 1), AWKWARD + "sub/deep.csv");
            }
        }
    }

    @Test
    void aSignatureMadeWithTheWrongSecretIsRefused() {
        try (S3Client wrong = client("not-the-secret", null)) {
            assertThatThrownBy(() -> new S3ListingPages(wrong).page(BUCKET, "plain/", null, null))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }
}
