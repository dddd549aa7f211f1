package dev.controlplane.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * ListObjectsV2 pages read straight off the wire: the request is addressed with the client's own parts (its URL
 * rules, credentials and region), signed by {@link ListingRequestSigner}, sent by the SDK's URL-connection client to
 * an https endpoint and by {@link PlainHttpGet} to a plain-HTTP one, and the response is read by
 * {@link ListBucketResultReader}, which keeps only key, size and ETag.
 *
 * <p>Why not {@link S3Client#listObjectsV2}: a dataset of tens of thousands of objects is listed in a cold JVM at
 * every run, and the SDK builds a DOM of each page, then a model object per entry (parsing its date, owner and
 * storage class) through a long request pipeline: most of a no-op replication's CPU. Keys are asked URL-encoded
 * ({@code encoding-type=url}, as the SDK does) so that any key, even one with characters XML 1.0 cannot carry,
 * comes back intact. Errors are thrown as the SDK would ({@link S3Exception} with S3's code and message,
 * {@link NoSuchBucketException} for a missing bucket), so {@link S3Backoff} retries them alike.
 */
public final class S3ListingPages {

    /** One page: the objects (full keys), the common prefixes, and the token of the next page if truncated. */
    public record Page(List<Entry> objects, List<String> commonPrefixes, String nextContinuationToken) {
    }

    /** An object of a page, its ETag as sent (quotes included). */
    public record Entry(String key, long size, String etag) {
    }


    private final S3Addressing addressing;
    /** The SDK's HTTP client, for an https endpoint (or a client given); null when {@link #plain} sends. */
    private final SdkHttpClient http;
    /** For a plain-HTTP endpoint: a pool of connections per host and port (one pool with path-style addresses). */
    private final Map<String, PlainHttpGet> plain = new ConcurrentHashMap<>();
    private final ListingRequestSigner signer = new ListingRequestSigner();

    /** Pages addressed and signed as {@code s3}'s requests are. */
    public S3ListingPages(S3Client s3) {
        this(S3Addressing.of(s3));
    }

    /**
     * Pages addressed and signed by {@code addressing}, which needs no client (see {@link S3Addressing}); a
     * plain-HTTP endpoint is sent {@link PlainHttpGet}s, an https one the SDK's URL-connection client.
     */
    public S3ListingPages(S3Addressing addressing) {
        this(addressing, addressing.plainHttp() ? null
                : PlatformThreadHttpClient.wrapIfAsked(UrlConnectionHttpClient.create()));
    }

    /** Pages sent by {@code http}, whatever the endpoint (tests answer through it). */
    S3ListingPages(S3Client s3, SdkHttpClient http) {
        this(S3Addressing.of(s3), Objects.requireNonNull(http, "http"));
    }

    private S3ListingPages(S3Addressing addressing, SdkHttpClient http) {
        this.addressing = Objects.requireNonNull(addressing, "addressing");
        this.http = http;
    }

    /**
     * One ListObjectsV2 page of {@code bucket}.
     *
     * @param prefix            null or empty for the whole bucket
     * @param delimiter         null for a flat listing
     * @param continuationToken null for the first page
     */
    public Page page(String bucket, String prefix, String delimiter, String continuationToken) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("list-type", "2");
        query.put("encoding-type", "url");
        if (prefix != null && !prefix.isEmpty()) {
            query.put("prefix", prefix);
        }
        if (delimiter != null) {
            query.put("delimiter", delimiter);
        }
        if (continuationToken != null) {
            query.put("continuation-token", continuationToken);
        }
        URI url = addressing.bucketUrl(bucket);
        try {
            return http == null ? plainPage(bucket, url, query) : sdkPage(bucket, url, query);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list s3://" + bucket + "/" + (prefix == null ? "" : prefix)
                    + ": " + e.getMessage(), e);
        }
    }

    private Page plainPage(String bucket, URI url, Map<String, String> query) throws IOException {
        PlainHttpGet connections = plain.computeIfAbsent(url.getHost() + ':' + url.getPort(),
                hostAndPort -> new PlainHttpGet(url.getHost(), url.getPort() == -1 ? 80 : url.getPort(),
                        PlainHttp.CONNECT_TIMEOUT, PlainHttp.READ_TIMEOUT));
        ListingRequestSigner.SignedGet signed = signer.signGet(url, query, addressing.credentials(),
                addressing.region().id());
        PlainHttpGet.Response response = PlatformThreadHttpClient.onPlatformThreadIfAsked(
                () -> connections.get(signed.target(), signed.headers()), () -> { });
        if (response.status() / 100 != 2) {
            throw error(bucket, response.status(), response.body(), response.headers().get("x-amz-request-id"));
        }
        return ListBucketResultReader.read(response.body());
    }

    private Page sdkPage(String bucket, URI url, Map<String, String> query) throws IOException {
        SdkHttpFullRequest signed = signer.sign(url, query, addressing.credentials(), addressing.region().id());
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed).build())
                .call();
        int status = response.httpResponse().statusCode();
        try (InputStream body = response.responseBody().orElse(AbortableInputStream.createEmpty())) {
            if (status / 100 != 2) {
                throw error(bucket, status, body.readAllBytes(),
                        response.httpResponse().firstMatchingHeader("x-amz-request-id").orElse(null));
            }
            return parse(body);
        }
    }

    /**
     * Every page under {@code prefix}, one after the other (each needs the previous page's token), each asked
     * through {@code backoff} and handed to {@code each}.
     */
    public void forEachPage(String bucket, String prefix, String delimiter, S3Backoff backoff, Consumer<Page> each) {
        String token = null;
        do {
            String continuation = token;
            Page page = backoff.call(() -> page(bucket, prefix, delimiter, continuation));
            each.accept(page);
            token = page.nextContinuationToken();
        } while (token != null);
    }

    /** A ListBucketResult, keeping only what a comparison needs. */
    static Page parse(InputStream body) {
        byte[] xml;
        try {
            xml = body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a ListObjectsV2 response: " + e.getMessage(), e);
        }
        return ListBucketResultReader.read(xml);
    }

    /** S3's error document as the SDK would throw it. */
    private static S3Exception error(String bucket, int status, byte[] body, String requestId) {
        String code = null;
        String message = null;
        try {
            XMLStreamReader xml = ErrorXml.FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                        switch (xml.getLocalName()) {
                            case "Code" -> code = xml.getElementText();
                            case "Message" -> message = xml.getElementText();
                            default -> {
                            }
                        }
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException notXml) {
            // A HEAD-like empty or non-XML body (a proxy's page): the status says what happened.
        }
        if (code == null) {
            code = status == 404 ? "NoSuchBucket" : status == 403 ? "AccessDenied" : "HTTP" + status;
        }
        if (message == null) {
            message = "ListObjectsV2 on s3://" + bucket + " answered HTTP " + status;
        }
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName("S3").build();
        String text = message + " (Service: S3, Status Code: " + status
                + (requestId == null ? "" : ", Request ID: " + requestId) + ")";
        S3Exception.Builder builder = code.equals("NoSuchBucket") ? NoSuchBucketException.builder()
                : S3Exception.builder();
        return (S3Exception) builder.statusCode(status).awsErrorDetails(details).requestId(requestId)
                .message(text).build();
    }

    /** The StAX factory of error documents, made on the first error: about 60 ms a run would spend for nothing. */
    private static final class ErrorXml {

        static final XMLInputFactory FACTORY = xmlFactory();

        private static XMLInputFactory xmlFactory() {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            factory.setProperty(XMLInputFactory.IS_COALESCING, true);
            return factory;
        }
    }
}
