package dev.controlplane.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * ListObjectsV2 pages read straight off the wire: the request is addressed and sent with the client's own parts (its
 * URL rules, credentials, region and URL-connection HTTP client), signed by {@link ListingRequestSigner}, and the
 * response is read by {@link ListBucketResultReader}, which keeps only key, size and ETag.
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
    private final SdkHttpClient http;
    private final ListingRequestSigner signer = new ListingRequestSigner();

    /** Pages addressed and signed as {@code s3}'s requests are. */
    public S3ListingPages(S3Client s3) {
        this(S3Addressing.of(s3));
    }

    /** Pages addressed and signed by {@code addressing}, which needs no client (see {@link S3Addressing}). */
    public S3ListingPages(S3Addressing addressing) {
        this(addressing, PlatformThreadHttpClient.wrapIfAsked(httpClient(addressing)));
    }

    /** For a plain-HTTP endpoint, a client without the TLS set-up it would never use ({@link PlainHttp}). */
    private static SdkHttpClient httpClient(S3Addressing addressing) {
        return addressing.plainHttp() ? PlainHttp.client() : UrlConnectionHttpClient.create();
    }

    S3ListingPages(S3Client s3, SdkHttpClient http) {
        this(S3Addressing.of(s3), http);
    }

    private S3ListingPages(S3Addressing addressing, SdkHttpClient http) {
        this.addressing = Objects.requireNonNull(addressing, "addressing");
        this.http = Objects.requireNonNull(http, "http");
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
        SdkHttpFullRequest signed = signer.sign(addressing.bucketUrl(bucket), query, addressing.credentials(),
                addressing.region().id());
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed).build()).call();
            int status = response.httpResponse().statusCode();
            try (InputStream body = response.responseBody().orElse(AbortableInputStream.createEmpty())) {
                if (status / 100 != 2) {
                    throw error(bucket, status, body.readAllBytes(),
                            response.httpResponse().firstMatchingHeader("x-amz-request-id").orElse(null));
                }
                return parse(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list s3://" + bucket + "/" + (prefix == null ? "" : prefix)
                    + ": " + e.getMessage(), e);
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
