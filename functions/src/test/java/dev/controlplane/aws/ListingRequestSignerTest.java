package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** The lean SigV4 signer: the SDK's signer's headers byte for byte, and the query it signs is the one sent. */
class ListingRequestSignerTest {

    private static final List<String> SIGNED = List.of("Authorization", "x-amz-date", "x-amz-content-sha256",
            "x-amz-security-token", "Host");

    private static final List<URI> BUCKET_URLS = List.of(
            URI.create("http://127.0.0.1:48213/bucket/"),
            URI.create("http://127.0.0.1:80/bucket/"),
            URI.create("https://bucket.s3.eu-west-1.amazonaws.com/"),
            URI.create("https://s3.us-east-1.amazonaws.com:8443/lake-prod/"));

    private static final List<AwsCredentialsIdentity> CREDENTIALS = List.of(
            AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            AwsSessionCredentialsIdentity.create("ASIAEXAMPLE", "other/secret+key=",
                    "FwoGZXIvYXdzEJr//////////wEaDH+abc/def+ghi==tokenTail"),
            AwsCredentialsIdentity.create("AKIDOTHER", "a-third-secret"));

    private static final List<String> PREFIXES = Arrays.asList(null, "data/", "a b/c d", "x+y=z/", "100%/",
            "~tilde_dash-dot.", "été/日本語/", "emoji 😀/", "tab\tand\nnewline", "*star(paren)!'", "a&b=c?d#e",
            "lone \uD800 surrogate", "slash//double/");

    private static final List<String> TOKENS = Arrays.asList(null, "1/token+with=chars",
            "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=", "a b%20c~", "données/ü+ß");

    private static final List<String> DELIMITERS = Arrays.asList(null, "/");

    private static final List<Instant> TIMES = List.of(Instant.parse("2026-01-02T03:04:05.678Z"),
            Instant.parse("2026-01-02T23:59:59.999Z"), Instant.parse("2026-01-03T00:00:00Z"),
            Instant.parse("2024-02-29T12:00:09Z"));

    private final SettableClock clock = new SettableClock();
    private final ListingRequestSigner signer = new ListingRequestSigner(clock);
    private final AwsV4HttpSigner sdk = AwsV4HttpSigner.create();

    @Test
    void everyListingRequestCarriesTheSdkSignersHeadersByteForByte() {
        int compared = 0;
        for (Instant time : TIMES) {
            clock.now = time;
            for (URI url : BUCKET_URLS) {
                for (String region : List.of("eu-west-1", "us-east-1")) {
                    for (AwsCredentialsIdentity credentials : CREDENTIALS) {
                        for (String prefix : PREFIXES) {
                            for (String token : TOKENS) {
                                for (String delimiter : DELIMITERS) {
                                    Map<String, String> query = query(prefix, delimiter, token);
                                    assertSameAsSdk(url, query, credentials, region);
                                    compared++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(TIMES.size() * BUCKET_URLS.size() * 2 * CREDENTIALS.size()
                * PREFIXES.size() * TOKENS.size() * DELIMITERS.size());
    }

    @Test
    void aSessionTokenIsSentAndSignedAndBasicCredentialsSendNone() {
        clock.now = TIMES.get(0);
        URI url = BUCKET_URLS.get(2);

        SdkHttpFullRequest session = signer.sign(url, query("p/", "/", null), CREDENTIALS.get(1), "eu-west-1");
        SdkHttpFullRequest basic = signer.sign(url, query("p/", "/", null), CREDENTIALS.get(0), "eu-west-1");

        assertThat(session.firstMatchingHeader("x-amz-security-token"))
                .hasValue("FwoGZXIvYXdzEJr//////////wEaDH+abc/def+ghi==tokenTail");
        assertThat(session.firstMatchingHeader("Authorization")).hasValueSatisfying(auth -> assertThat(auth)
                .startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260102/eu-west-1/s3/aws4_request, ")
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="));
        assertThat(basic.firstMatchingHeader("x-amz-security-token")).isEmpty();
        assertThat(basic.firstMatchingHeader("Authorization")).hasValueSatisfying(auth -> assertThat(auth)
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="));
    }

    @Test
    void theQuerySentIsTheQuerySignedAndTheHostHeaderIsTheOneTheUrlGives() {
        clock.now = TIMES.get(0);
        for (URI url : BUCKET_URLS) {
            for (String prefix : PREFIXES) {
                for (String token : TOKENS) {
                    Map<String, String> query = query(prefix, "/", token);
                    SdkHttpFullRequest request = signer.sign(url, query, CREDENTIALS.get(0), "eu-west-1");

                    // SdkHttpRequest.getUri() is what UrlConnectionHttpClient opens (the Host it sends comes from it).
                    URI wire = request.getUri();
                    String[] sent = wire.getRawQuery().split("&");
                    Arrays.sort(sent);
                    assertThat(String.join("&", sent)).as("query of %s", query)
                            .isEqualTo(ListingRequestSigner.canonicalQuery(query));
                    assertThat(request.rawQueryParameters().keySet()).containsExactlyElementsOf(query.keySet());
                    assertThat(wire.getRawPath()).isEqualTo(url.getRawPath());
                    String host = wire.getPort() == -1 ? wire.getHost() : wire.getHost() + ":" + wire.getPort();
                    assertThat(request.firstMatchingHeader("Host")).hasValue(host);
                }
            }
        }
        assertThat(signer.sign(URI.create("http://127.0.0.1:80/b/"), query(null, null, null), CREDENTIALS.get(0),
                "eu-west-1").firstMatchingHeader("Host")).hasValue("127.0.0.1");
    }

    @Test
    void everyCharacterIsEncodedAsTheSdkEncodesTheQueryItSends() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String one = String.valueOf((char) c);
            assertThat(ListingRequestSigner.encode(one)).as("U+%04X", c).isEqualTo(SdkHttpUtils.urlEncode(one));
        }
        for (String value : List.of("😀", "a😀b", "\uDBFF\uDFFF", "\uDC00x", "x\uD800", "A-Z_a.z~09",
                "a b+c/d=e%f", "")) {
            assertThat(ListingRequestSigner.encode(value)).as(value).isEqualTo(SdkHttpUtils.urlEncode(value));
        }
        assertThat(ListingRequestSigner.encode("a b+c/d=e%f~g*h")).isEqualTo("a%20b%2Bc%2Fd%3De%25f~g%2Ah");
    }

    @Test
    void theCanonicalQueryIsSortedByEncodedNameThenValue() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("prefix", "z");
        query.put("list-type", "2");
        query.put("a b", "x");
        query.put("a+b", "y");
        query.put("A", "");

        assertThat(ListingRequestSigner.canonicalQuery(query)).isEqualTo("A=&a%20b=x&a%2Bb=y&list-type=2&prefix=z");
    }

    @Test
    void theSignatureOfAwsDocumentedListObjectsExampleIsReproduced() {
        // The GET Bucket example of the S3 SigV4 documentation (header-based auth, us-east-1, 2013-05-24).
        ListingRequestSigner documented = new ListingRequestSigner(
                Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("max-keys", "2");
        query.put("prefix", "J");

        SdkHttpFullRequest request = documented.sign(URI.create("https://examplebucket.s3.amazonaws.com/"), query,
                AwsCredentialsIdentity.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                "us-east-1");

        assertThat(request.firstMatchingHeader("Authorization")).hasValue("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
        assertThat(request.firstMatchingHeader("x-amz-date")).hasValue("20130524T000000Z");
    }

    @Test
    void requestsSignedFromManyThreadsAtOnceAreSignedAsOneAtATime() throws Exception {
        clock.now = TIMES.get(0);
        List<Map<String, String>> queries = new ArrayList<>();
        for (String prefix : PREFIXES) {
            for (String token : TOKENS) {
                queries.add(query(prefix, "/", token));
            }
        }
        List<Future<SdkHttpFullRequest>> signed = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 4; round++) {
                for (Map<String, String> query : queries) {
                    AwsCredentialsIdentity credentials = CREDENTIALS.get(signed.size() % CREDENTIALS.size());
                    signed.add(threads.submit(() -> signer.sign(BUCKET_URLS.get(2), query, credentials,
                            "eu-west-1")));
                }
            }
        }
        for (int i = 0; i < signed.size(); i++) {
            Map<String, String> query = queries.get(i % queries.size());
            SdkHttpRequest expected = sdkSigned(BUCKET_URLS.get(2), query, CREDENTIALS.get(i % CREDENTIALS.size()),
                    "eu-west-1");
            assertThat(signed.get(i).get().firstMatchingHeader("Authorization"))
                    .isEqualTo(expected.firstMatchingHeader("Authorization"));
        }
    }

    @Test
    void aParameterWithoutAValueIsRefusedByName() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("prefix", null);

        assertThatThrownBy(() -> signer.sign(BUCKET_URLS.get(0), query, CREDENTIALS.get(0), "eu-west-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix has no value");
    }

    private void assertSameAsSdk(URI url, Map<String, String> query, AwsCredentialsIdentity credentials,
            String region) {
        SdkHttpRequest ours = signer.sign(url, query, credentials, region);
        SdkHttpRequest theirs = sdkSigned(url, query, credentials, region);
        for (String header : SIGNED) {
            assertThat(ours.firstMatchingHeader(header)).as("%s of GET %s %s at %s", header, url, query, clock.now)
                    .isEqualTo(theirs.firstMatchingHeader(header));
        }
        assertThat(ours.getUri()).isEqualTo(theirs.getUri());
    }

    /** The request signed as S3ListingPages signed it before: the SDK's signer with S3's options. */
    private SdkHttpRequest sdkSigned(URI url, Map<String, String> query, AwsCredentialsIdentity credentials,
            String region) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(url)
                .putHeader("x-amz-content-sha256", ListingRequestSigner.EMPTY_SHA256);
        query.forEach(request::appendRawQueryParameter);
        Clock at = Clock.fixed(clock.now, ZoneOffset.UTC);
        return sdk.sign(sign -> sign.identity(credentials).request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, at)).request();
    }

    /** A ListObjectsV2 query as S3ListingPages asks it. */
    private static Map<String, String> query(String prefix, String delimiter, String token) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("list-type", "2");
        query.put("encoding-type", "url");
        if (prefix != null) {
            query.put("prefix", prefix);
        }
        if (delimiter != null) {
            query.put("delimiter", delimiter);
        }
        if (token != null) {
            query.put("continuation-token", token);
        }
        return query;
    }

    /** A clock a test sets: one signer crosses dates, so its cached signing key must follow. */
    private static final class SettableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
