package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The lean ListObjectsV2: its parser on S3's documents, its requests as AWS would get them, and moto's answers. */
class S3ListingPagesTest {

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    private final S3Client s3 = MOTO.s3();

    private static S3ListingPages.Page parse(String xml) {
        return S3ListingPages.parse(new ByteArrayInputStream(xml.getBytes(UTF_8)));
    }

    @Test
    void aPageKeepsKeysSizesQuotedEtagsFoldersAndTheNextTokenWithUrlEncodedKeysDecoded() {
        S3ListingPages.Page page = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>prod</Name><Prefix>data%2F</Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys>
                  <Delimiter>%2F</Delimiter><IsTruncated>true</IsTruncated>
                  <Contents><Key>data/a+b%2Bc.csv</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
                    <ETag>&quot;9dd4e461268c8034f5c8564e155c67a6&quot;</ETag><Size>4096</Size>
                    <Owner><ID>abc</ID><DisplayName>Key</DisplayName></Owner><StorageClass>STANDARD</StorageClass>
                  </Contents>
                  <Contents><Key>data/%C3%A9t%C3%A9%20%26%20%3C%3E.csv</Key><ETag>"d41d8cd98f00b204e9800998ecf8427e-2"</ETag>
                    <Size>0</Size></Contents>
                  <CommonPrefixes><Prefix>data/2026%2B01/</Prefix></CommonPrefixes>
                  <CommonPrefixes><Prefix>data/x/</Prefix></CommonPrefixes>
                  <EncodingType>url</EncodingType>
                  <NextContinuationToken>1/token+with=chars</NextContinuationToken>
                </ListBucketResult>""");

        assertThat(page.objects()).containsExactly(
                new S3ListingPages.Entry("data/a b+c.csv", 4096, "\"9dd4e461268c8034f5c8564e155c67a6\""),
                new S3ListingPages.Entry("data/été & <>.csv", 0, "\"d41d8cd98f00b204e9800998ecf8427e-2\""));
        assertThat(page.commonPrefixes()).containsExactly("data/2026+01/", "data/x/");
        assertThat(page.nextContinuationToken()).isEqualTo("1/token+with=chars");
    }

    @Test
    void withoutEncodingTypeKeysAreTakenAsTheyAreAndALastPageHasNoToken() {
        S3ListingPages.Page page = parse("""
                <ListBucketResult><IsTruncated>false</IsTruncated>
                <NextContinuationToken>ignored</NextContinuationToken>
                <Contents><Key>a+b%20c.csv</Key><Size>3</Size><ETag>&quot;x&quot;</ETag></Contents>
                </ListBucketResult>""");

        assertThat(page.objects()).containsExactly(new S3ListingPages.Entry("a+b%20c.csv", 3, "\"x\""));
        assertThat(page.commonPrefixes()).isEmpty();
        assertThat(page.nextContinuationToken()).isNull();
    }

    @Test
    void documentsThatAreNotAListingAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> parse("<Error><Code>SlowDown</Code></Error>"))
                .hasMessageContaining("ListBucketResult, not Error");
        assertThatThrownBy(() -> parse("<ListBucketResult><Contents><Key>a.csv</Key></Contents></ListBucketResult>"))
                .hasMessageContaining("no Size").hasMessageContaining("a.csv");
        assertThatThrownBy(() -> parse("<ListBucketResult><Contents><Key>a.csv</Key><Size>big</Size></Contents>"
                + "</ListBucketResult>")).hasMessageContaining("Size is 'big'");
        assertThatThrownBy(() -> parse("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"))
                .hasMessageContaining("no NextContinuationToken");
        assertThatThrownBy(() -> parse("<ListBucketResult><Contents>")).hasMessageContaining("not the XML");
    }

    @Test
    void onAwsTheRequestIsVirtualHostedSignedForTheRegionWithTheSessionTokenAndErrorsAreS3Exceptions() {
        List<SdkHttpRequest> sent = new ArrayList<>();
        try (S3Client inAws = S3Client.builder().region(Region.EU_WEST_1).credentialsProvider(
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "token")))
                .build()) {
            S3ListingPages pages = new S3ListingPages(inAws, answering(sent, 404, """
                    <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>"""));

            assertThatThrownBy(() -> pages.page("lake-prod", "data/", "/", "tok/1"))
                    .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                        assertThat(e.getMessage()).contains("The specified bucket does not exist");
                    });
        }
        SdkHttpRequest request = sent.get(0);
        assertThat(request.getUri().getHost()).isEqualTo("lake-prod.s3.eu-west-1.amazonaws.com");
        assertThat(request.getUri().getRawPath()).isEqualTo("/");
        assertThat(request.rawQueryParameters()).containsEntry("list-type", List.of("2"))
                .containsEntry("encoding-type", List.of("url")).containsEntry("prefix", List.of("data/"))
                .containsEntry("delimiter", List.of("/")).containsEntry("continuation-token", List.of("tok/1"));
        assertThat(request.firstMatchingHeader("Authorization")).hasValueSatisfying(auth -> assertThat(auth)
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/s3/aws4_request"));
        assertThat(request.firstMatchingHeader("x-amz-security-token")).hasValue("token");
        assertThat(request.firstMatchingHeader("x-amz-content-sha256")).isPresent();
    }

    @Test
    void aThrottledListingIsAnS3ExceptionTheBackoffRetries() {
        List<SdkHttpRequest> sent = new ArrayList<>();
        S3ListingPages pages = new S3ListingPages(s3, answering(sent, 503, """
                <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"""));

        assertThatThrownBy(() -> pages.page("any", null, null, null)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(S3Backoff.retryable(e)).isTrue());
        assertThat(sent.get(0).getUri().getRawPath()).isEqualTo("/any/");
    }

    @Test
    void againstMotoEveryKeyComesBackAsWrittenAndAMissingBucketIsNoSuchBucket() {
        String bucket = "listing-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        List<String> keys = List.of("d/a b.csv", "d/a+b.csv", "d/100%.csv", "d/été.csv", "d/x&y<z>.csv",
                "d/sub/deep.csv", "d/tab\tkey.csv");
        for (String key : keys) {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        S3ListingPages pages = new S3ListingPages(s3);

        S3ListingPages.Page flat = pages.page(bucket, "d/", null, null);
        S3ListingPages.Page folders = pages.page(bucket, "d/", "/", null);

        assertThat(flat.objects()).extracting(S3ListingPages.Entry::key).containsExactlyInAnyOrderElementsOf(keys);
        String etag = s3.headObject(r -> r.bucket(bucket).key("d/été.csv")).eTag();
        assertThat(flat.objects()).filteredOn(e -> e.key().equals("d/été.csv")).singleElement()
                .satisfies(e -> {
                    assertThat(e.etag()).isEqualTo(etag);
                    assertThat(e.size()).isEqualTo("d/été.csv".getBytes(UTF_8).length);
                });
        assertThat(flat.nextContinuationToken()).isNull();
        assertThat(folders.commonPrefixes()).containsExactly("d/sub/");
        assertThat(folders.objects()).hasSize(keys.size() - 1);
        assertThatThrownBy(() -> pages.page(bucket + "-missing", null, null, null))
                .isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void toAPlainHttpEndpointPagesGoOnTheWireSignedAndAThrottleIsAnS3ExceptionWithItsRequestId() throws Exception {
        String slowDown = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
        List<String> heads = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answering = Thread.ofPlatform().daemon().start(() -> {
                try (Socket connection = server.accept()) {
                    InputStream in = connection.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    heads.add(head.toString());
                    connection.getOutputStream().write(("HTTP/1.1 503 Slow Down\r\nx-amz-request-id: REQ1\r\n"
                            + "Content-Length: " + slowDown.length() + "\r\n\r\n" + slowDown).getBytes(UTF_8));
                } catch (IOException e) {
                    // the test fails on what it did not get
                }
            });
            try (S3Client local = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDEXAMPLE", "secret"))).build()) {
                assertThatThrownBy(() -> new S3ListingPages(local).page("any", "d/", "/", null))
                        .isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(S3Backoff.retryable(e)).isTrue();
                            assertThat(e.requestId()).isEqualTo("REQ1");
                            assertThat(e.getMessage()).contains("Please reduce your request rate.");
                        });
            }
            answering.join(5_000);
        }
        assertThat(heads).singleElement().satisfies(head -> assertThat(head)
                .startsWith("GET /any/?delimiter=%2F&encoding-type=url&list-type=2&prefix=d%2F HTTP/1.1\r\n")
                .contains("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("x-amz-content-sha256: ").contains("x-amz-date: "));
    }

    /** An HTTP client that records each request and answers every one with {@code status} and {@code body}. */
    private static SdkHttpClient answering(List<SdkHttpRequest> sent, int status, String body) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                sent.add(request.httpRequest());
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder().statusCode(status).build())
                                .responseBody(AbortableInputStream.create(
                                        new ByteArrayInputStream(body.getBytes(UTF_8))))
                                .build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
