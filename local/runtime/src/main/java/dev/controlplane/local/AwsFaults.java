package dev.controlplane.local;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the AWS endpoint answers instead of the service, on chosen operations, injected from outside the process
 * ({@code controlplane faults}): S3's 503 SlowDown, 500 InternalError and 503 ServiceUnavailable, DynamoDB's
 * throttling errors, so the SDKs' and the workflows' retry policies can be watched working. An operation is named
 * {@code service:Operation} as in AWS's API reference, e.g. {@code s3:CopyObject} or {@code dynamodb:PutItem}.
 */
final class AwsFaults {

    /** The error codes a fault may answer, per service, with their HTTP status. */
    private static final Map<String, Map<String, Integer>> CODES = Map.of(
            "s3", Map.of("SlowDown", 503, "ServiceUnavailable", 503, "InternalError", 500),
            "dynamodb", Map.of("ThrottlingException", 400, "ProvisionedThroughputExceededException", 400,
                    "RequestLimitExceeded", 400, "InternalServerError", 500));

    /** One planned fault; {@code remaining} counts down, {@link dev.workspace.FaultPlan#UNTIL_CLEARED} never does. */
    record Fault(String service, String operation, String code, int status, AtomicInteger remaining) {
        String describe() {
            int left = remaining.get();
            return service + ":" + operation + ": " + status + " " + code + (left == Integer.MAX_VALUE ? " until cleared"
                    : " on the next " + left + " call(s)");
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    /**
     * Plans a fault. {@code call} is {@code service:Operation}; {@code code} one of the service's in {@link #CODES}.
     *
     * @throws IllegalArgumentException naming what is wrong with the request
     */
    synchronized Fault add(String call, String code, int times) {
        int colon = call == null ? -1 : call.indexOf(':');
        if (colon <= 0 || colon == call.length() - 1) {
            throw new IllegalArgumentException("call is '" + call + "'; expected service:Operation, e.g. s3:CopyObject or"
                    + " dynamodb:PutItem");
        }
        String service = call.substring(0, colon).toLowerCase(Locale.ROOT);
        Map<String, Integer> codes = CODES.get(service);
        if (codes == null) {
            throw new IllegalArgumentException("service '" + service + "' has no faults here; expected one of "
                    + CODES.keySet().stream().sorted().toList());
        }
        Integer status = codes.get(code);
        if (status == null) {
            throw new IllegalArgumentException("fault '" + code + "' is not one of " + service + "'s; expected one of "
                    + codes.keySet().stream().sorted().toList());
        }
        if (times < 1) {
            throw new IllegalArgumentException("times is " + times + "; expected 1 or more (or none: until cleared)");
        }
        Fault fault = new Fault(service, call.substring(colon + 1), code, status, new AtomicInteger(times));
        faults.add(fault);
        return fault;
    }

    synchronized List<String> active() {
        faults.removeIf(f -> f.remaining().get() <= 0);
        return faults.stream().map(Fault::describe).toList();
    }

    synchronized void clear() {
        faults.clear();
    }

    /** The fault to answer this call with, if one is planned for its operation (counted down). */
    synchronized Optional<Fault> onCall(String service, String operation) {
        if (operation == null) return Optional.empty();
        for (Fault f : faults) {
            if (f.service().equals(service) && f.operation().equals(operation)
                    && f.remaining().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n - 1) > 0) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The answer body of a fault, in the protocol of its service. */
    static byte[] body(Fault f) {
        String message = "injected by controlplane faults: " + f.code() + " on " + f.service() + ":" + f.operation();
        String text = f.service().equals("s3")
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + f.code() + "</Code><Message>" + message
                        + "</Message><RequestId>local-fault</RequestId></Error>"
                : "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + f.code() + "\",\"message\":\"" + message + "\"}";
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The operation of a JSON-protocol request: what its X-Amz-Target names after the service prefix. */
    static String jsonOperation(Headers headers) {
        String target = headers.getFirst("X-Amz-Target");
        return target == null ? null : target.substring(target.indexOf('.') + 1);
    }

    /** The S3 API operation of a request, as far as the control plane's calls go; null when it cannot tell. */
    static String s3Operation(String method, URI uri, Headers headers) {
        Map<String, String> query = S3Notifier.query(uri.getRawQuery());
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        boolean object = path.replaceFirst("^/+", "").contains("/") && !path.replaceFirst("^/+", "").endsWith("/");
        boolean copy = headers.getFirst("x-amz-copy-source") != null;
        return switch (method) {
            case "GET" -> object ? "GetObject" : query.containsKey("list-type") ? "ListObjectsV2"
                    : query.containsKey("versioning") ? "GetBucketVersioning" : "ListObjects";
            case "HEAD" -> object ? "HeadObject" : "HeadBucket";
            case "PUT" -> !object ? "CreateBucket" : query.containsKey("partNumber") ? (copy ? "UploadPartCopy" : "UploadPart")
                    : copy ? "CopyObject" : "PutObject";
            case "DELETE" -> !object ? "DeleteBucket" : query.containsKey("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
            case "POST" -> query.containsKey("delete") ? "DeleteObjects" : query.containsKey("uploads") ? "CreateMultipartUpload"
                    : query.containsKey("uploadId") ? "CompleteMultipartUpload" : null;
            default -> null;
        };
    }
}
