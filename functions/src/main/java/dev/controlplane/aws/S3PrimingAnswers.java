package dev.controlplane.aws;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Canned S3 answers for SnapStart priming ({@link PrimingHttpClient}): made-up objects in the form S3 sends them,
 * for the S3 client to unmarshal, and which operation a request is, told by what S3 routes on (method, query,
 * headers). The XML is written here only; reading it is the SDK's.
 */
public final class S3PrimingAnswers {

    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String MODIFIED = "2025-01-01T00:00:00.000Z";
    private static final String MODIFIED_HEADER = "Wed, 01 Jan 2025 00:00:00 GMT";

    private S3PrimingAnswers() {
    }

    /** A made-up object, as a listing shows it. */
    public record Listed(String key, long size, String etag) {
    }

    /** The S3 operations priming answers. */
    public enum Operation {
        LIST_OBJECTS_V2, GET_OBJECT, HEAD_OBJECT, PUT_OBJECT, COPY_OBJECT, DELETE_OBJECTS, CREATE_MULTIPART_UPLOAD,
        UPLOAD_PART_COPY, COMPLETE_MULTIPART_UPLOAD, OTHER
    }

    public static Operation operation(SdkHttpRequest request) {
        Map<String, List<String>> query = request.rawQueryParameters();
        return switch (request.method()) {
            case GET -> query.containsKey("list-type") ? Operation.LIST_OBJECTS_V2
                    : query.isEmpty() || query.containsKey("versionId") ? Operation.GET_OBJECT : Operation.OTHER;
            case HEAD -> Operation.HEAD_OBJECT;
            case PUT -> query.isEmpty() ? request.firstMatchingHeader("x-amz-copy-source").isPresent()
                    ? Operation.COPY_OBJECT : Operation.PUT_OBJECT
                    : query.containsKey("partNumber") && query.containsKey("uploadId")
                    && request.firstMatchingHeader("x-amz-copy-source").isPresent() ? Operation.UPLOAD_PART_COPY
                    : Operation.OTHER;
            case POST -> query.containsKey("delete") ? Operation.DELETE_OBJECTS
                    : query.containsKey("uploads") ? Operation.CREATE_MULTIPART_UPLOAD
                    : query.containsKey("uploadId") ? Operation.COMPLETE_MULTIPART_UPLOAD : Operation.OTHER;
            default -> Operation.OTHER;
        };
    }

    /** Whether the request goes to {@code bucket}, addressed virtual-hosted or path-style. */
    public static boolean inBucket(SdkHttpRequest request, String bucket) {
        String path = request.encodedPath();
        return request.host().startsWith(bucket + ".") || path.equals("/" + bucket) || path.startsWith("/" + bucket + "/");
    }

    /** A query parameter of the request, as given to the SDK (unencoded). */
    public static Optional<String> parameter(SdkHttpRequest request, String name) {
        return request.firstMatchingRawQueryParameter(name);
    }

    /** One page of ListObjectsV2, the last: {@code objects} and {@code folders} (common prefixes). */
    public static PrimingHttpClient.Answer listing(List<Listed> objects, List<String> folders) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"")
                .append(XMLNS).append("\"><Name>snapstart-priming</Name><KeyCount>")
                .append(objects.size() + folders.size()).append("</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
        for (Listed object : objects) {
            xml.append("<Contents><Key>").append(escaped(object.key())).append("</Key><LastModified>").append(MODIFIED)
                    .append("</LastModified><ETag>&quot;").append(object.etag()).append("&quot;</ETag><Size>")
                    .append(object.size()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        for (String folder : folders) {
            xml.append("<CommonPrefixes><Prefix>").append(escaped(folder)).append("</Prefix></CommonPrefixes>");
        }
        return PrimingHttpClient.Answer.of("application/xml", xml.append("</ListBucketResult>").toString());
    }

    /** DeleteObjects: every key deleted ({@code keys}; none listed for a quiet request). */
    public static PrimingHttpClient.Answer deleted(List<String> keys) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult xmlns=\"")
                .append(XMLNS).append("\">");
        keys.forEach(key -> xml.append("<Deleted><Key>").append(escaped(key)).append("</Key></Deleted>"));
        return PrimingHttpClient.Answer.of("application/xml", xml.append("</DeleteResult>").toString());
    }

    /** PutObject or CopyObject's headers: stored. */
    public static PrimingHttpClient.Answer stored(String etag) {
        return PrimingHttpClient.Answer.headers(Map.of("ETag", "\"" + etag + "\""));
    }

    /** CopyObject: copied, with the copy's ETag. */
    public static PrimingHttpClient.Answer copied(String etag) {
        return copyResult("CopyObjectResult", etag);
    }

    /** CreateMultipartUpload: started, under {@code uploadId}. */
    public static PrimingHttpClient.Answer multipartStarted(String bucket, String key, String uploadId) {
        return PrimingHttpClient.Answer.of("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<InitiateMultipartUploadResult xmlns=\"" + XMLNS + "\"><Bucket>" + escaped(bucket) + "</Bucket><Key>"
                + escaped(key) + "</Key><UploadId>" + escaped(uploadId) + "</UploadId></InitiateMultipartUploadResult>");
    }

    /** UploadPartCopy: the part copied, with its ETag. */
    public static PrimingHttpClient.Answer partCopied(String etag) {
        return copyResult("CopyPartResult", etag);
    }

    private static PrimingHttpClient.Answer copyResult(String element, String etag) {
        return PrimingHttpClient.Answer.of("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + element
                + " xmlns=\"" + XMLNS + "\"><LastModified>" + MODIFIED + "</LastModified><ETag>&quot;" + etag
                + "&quot;</ETag></" + element + ">");
    }

    /** CompleteMultipartUpload: the object made of its parts. */
    public static PrimingHttpClient.Answer multipartCompleted(String bucket, String key, String etag) {
        return PrimingHttpClient.Answer.of("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<CompleteMultipartUploadResult xmlns=\"" + XMLNS + "\"><Bucket>" + escaped(bucket) + "</Bucket><Key>"
                + escaped(key) + "</Key><ETag>&quot;" + etag + "-1&quot;</ETag></CompleteMultipartUploadResult>");
    }

    /**
     * No such key: a GET's 404 with S3's NoSuchKey error document; a HEAD's bare 404, as S3 sends it (no body).
     */
    public static PrimingHttpClient.Answer absent(SdkHttpRequest request) {
        if (request.method() == SdkHttpMethod.HEAD) {
            return new PrimingHttpClient.Answer(404, Map.of(), new byte[0]);
        }
        return new PrimingHttpClient.Answer(404, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                + " encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
    }

    /** The key a request names in {@code bucket} (addressed virtual-hosted or path-style), decoded; empty for none. */
    public static String key(SdkHttpRequest request, String bucket) {
        String path = request.encodedPath();
        String encoded = path.startsWith("/" + bucket + "/") && !request.host().startsWith(bucket + ".")
                ? path.substring(bucket.length() + 2) : path.startsWith("/") ? path.substring(1) : path;
        return SdkHttpUtils.urlDecode(encoded);
    }

    /** Whether the request names object {@code key} of {@code bucket}, addressed virtual-hosted or path-style. */
    public static boolean isObject(SdkHttpRequest request, String bucket, String key) {
        String path = request.encodedPath();
        return inBucket(request, bucket) && (path.equals("/" + key) || path.equals("/" + bucket + "/" + key));
    }

    /** HeadObject of {@code object}. */
    public static PrimingHttpClient.Answer head(Listed object) {
        return PrimingHttpClient.Answer.headers(Map.of("ETag", "\"" + object.etag() + "\"", "Content-Length",
                Long.toString(object.size()), "Last-Modified", MODIFIED_HEADER, "Content-Type", "application/octet-stream"));
    }

    /** GetObject: {@code body}. */
    public static PrimingHttpClient.Answer object(String contentType, String body) {
        return new PrimingHttpClient.Answer(200, Map.of("Content-Type", contentType, "ETag", "\"snapstart-priming\"",
                "Last-Modified", MODIFIED_HEADER), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
