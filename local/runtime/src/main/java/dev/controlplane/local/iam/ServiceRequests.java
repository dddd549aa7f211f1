package dev.controlplane.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The authorizations an HTTP request to the local endpoint needs, as the AWS service authorizes it: S3's REST calls
 * (the action by method, sub-resource and headers: a GET with {@code versionId} is s3:GetObjectVersion, a PUT with
 * {@code x-amz-copy-source} reads the source too, DeleteObjects deletes each key of its body, an object of a bucket
 * encrypted with a KMS key uses that key through S3), and the JSON protocols of DynamoDB, Step Functions and Secrets
 * Manager (the action is the X-Amz-Target's operation, the resource the ARN the request names).
 */
final class ServiceRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final String account;
    /** Bucket name to the ARN of the KMS key of its default encryption, or null. */
    private final Function<String, String> bucketKey;
    /** A secret's name or (partial) ARN to its ARN. */
    private final Function<String, String> secretArn;

    ServiceRequests(String region, String account, Function<String, String> bucketKey, Function<String, String> secretArn) {
        this.region = region;
        this.account = account;
        this.bucketKey = bucketKey;
        this.secretArn = secretArn;
    }

    // ---------------------------------------------------------------- S3

    /**
     * @param rawPath the path-style request path ({@code /bucket/key}), still URL-encoded
     * @param query   the query parameters, decoded
     * @param body    the request body when it names what is acted on (DeleteObjects), else null
     */
    List<AccessRequest> s3(String method, String rawPath, Map<String, String> query, Function<String, String> header, byte[] body)
            throws LocalIam.UnauthorizableRequest {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = path.indexOf('/');
        String bucket = decode(slash < 0 ? path : path.substring(0, slash));
        String key = slash < 0 || slash == path.length() - 1 ? null : decode(path.substring(slash + 1));
        List<AccessRequest> out = new ArrayList<>();
        if (bucket.isEmpty()) {
            out.add(new AccessRequest("s3:ListAllMyBuckets", "*", secure()));
            return out;
        }
        String bucketArn = "arn:aws:s3:::" + bucket;
        if (key == null) {
            out.add(new AccessRequest(bucketAction(method, query), bucketArn, listContext(query)));
            if (method.equals("POST") && query.containsKey("delete")) {
                out.clear();
                for (String[] deleted : deletedKeys(body)) {
                    out.add(new AccessRequest(deleted[1] == null ? "s3:DeleteObject" : "s3:DeleteObjectVersion", bucketArn + "/" + deleted[0], secure()));
                }
            }
            return out;
        }
        String objectArn = bucketArn + "/" + key;
        boolean version = query.containsKey("versionId");
        String copySource = header.apply("x-amz-copy-source");
        switch (method) {
            case "GET", "HEAD" -> {
                String action = query.containsKey("uploadId") ? "s3:ListMultipartUploadParts"
                        : query.containsKey("tagging") ? (version ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging")
                        : query.containsKey("acl") ? (version ? "s3:GetObjectVersionAcl" : "s3:GetObjectAcl")
                        : query.containsKey("attributes") ? (version ? "s3:GetObjectVersionAttributes" : "s3:GetObjectAttributes")
                        : version ? "s3:GetObjectVersion" : "s3:GetObject";
                out.add(new AccessRequest(action, objectArn, secure()));
                if (method.equals("GET") && action.startsWith("s3:GetObject") && !action.contains("Tagging") && !action.contains("Acl")
                        && !action.contains("Attributes")) {
                    kms(out, bucket, "kms:Decrypt");
                }
            }
            case "PUT" -> {
                if (query.containsKey("tagging")) {
                    out.add(new AccessRequest(version ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging", objectArn, secure()));
                } else if (query.containsKey("acl")) {
                    out.add(new AccessRequest(version ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl", objectArn, secure()));
                } else {
                    // PutObject and CopyObject create the object; UploadPart and UploadPartCopy (partNumber) do not
                    boolean creates = !query.containsKey("partNumber");
                    out.add(new AccessRequest("s3:PutObject", objectArn, conditionalWrite(header, creates)));
                    kms(out, bucket, "kms:GenerateDataKey");
                    if (copySource != null && !copySource.isBlank()) copySource(out, copySource);
                }
            }
            case "POST" -> {
                if (query.containsKey("uploads")) {
                    out.add(new AccessRequest("s3:PutObject", objectArn, conditionalWrite(header, false)));
                    kms(out, bucket, "kms:GenerateDataKey");
                } else if (query.containsKey("uploadId")) {
                    // CompleteMultipartUpload: the write that creates the object, conditional or not
                    out.add(new AccessRequest("s3:PutObject", objectArn, conditionalWrite(header, true)));
                    kms(out, bucket, "kms:Decrypt");
                } else if (query.containsKey("restore")) {
                    out.add(new AccessRequest("s3:RestoreObject", objectArn, secure()));
                } else if (query.containsKey("select")) {
                    out.add(new AccessRequest("s3:GetObject", objectArn, secure()));
                } else {
                    throw new LocalIam.UnauthorizableRequest("POST " + rawPath + " is not an S3 operation the local endpoint can authorize");
                }
            }
            case "DELETE" -> out.add(new AccessRequest(query.containsKey("uploadId") ? "s3:AbortMultipartUpload"
                    : query.containsKey("tagging") ? (version ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging")
                    : version ? "s3:DeleteObjectVersion" : "s3:DeleteObject", objectArn, secure()));
            default -> throw new LocalIam.UnauthorizableRequest(method + " is not an S3 method");
        }
        return out;
    }

    /**
     * An object write's condition keys: {@code s3:if-none-match} and {@code s3:if-match} from the request's headers
     * (absent when it has none, so a policy's Null test sees them absent), and {@code s3:ObjectCreationOperation}: true
     * for the writes that create the object (PutObject, CopyObject, CompleteMultipartUpload), false for the steps of a
     * multipart upload (CreateMultipartUpload, UploadPart, UploadPartCopy), which take no conditional header.
     */
    private Map<String, List<String>> conditionalWrite(Function<String, String> header, boolean creates) {
        Map<String, List<String>> context = new java.util.HashMap<>(secure());
        context.put("s3:ObjectCreationOperation", List.of(Boolean.toString(creates)));
        String ifNoneMatch = header.apply("If-None-Match");
        if (ifNoneMatch != null) context.put("s3:if-none-match", List.of(ifNoneMatch));
        String ifMatch = header.apply("If-Match");
        if (ifMatch != null) context.put("s3:if-match", List.of(ifMatch));
        return context;
    }

    private static String bucketAction(String method, Map<String, String> query) throws LocalIam.UnauthorizableRequest {
        String sub = List.of("versions", "uploads", "location", "versioning", "policy", "tagging", "encryption", "notification",
                "acl", "lifecycle", "object-lock", "cors", "ownershipControls", "publicAccessBlock", "replication", "website",
                "logging", "accelerate", "requestPayment", "delete").stream().filter(query::containsKey).findFirst().orElse("");
        return switch (method) {
            case "GET" -> switch (sub) {
                case "" -> "s3:ListBucket";
                case "versions" -> "s3:ListBucketVersions";
                case "uploads" -> "s3:ListBucketMultipartUploads";
                case "location" -> "s3:GetBucketLocation";
                case "versioning" -> "s3:GetBucketVersioning";
                case "policy" -> "s3:GetBucketPolicy";
                case "tagging" -> "s3:GetBucketTagging";
                case "encryption" -> "s3:GetEncryptionConfiguration";
                case "notification" -> "s3:GetBucketNotification";
                case "acl" -> "s3:GetBucketAcl";
                case "lifecycle" -> "s3:GetLifecycleConfiguration";
                case "object-lock" -> "s3:GetBucketObjectLockConfiguration";
                case "cors" -> "s3:GetBucketCORS";
                case "ownershipControls" -> "s3:GetBucketOwnershipControls";
                case "publicAccessBlock" -> "s3:GetBucketPublicAccessBlock";
                default -> "s3:GetBucket" + Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
            };
            case "HEAD" -> "s3:ListBucket";
            case "PUT" -> switch (sub) {
                case "" -> "s3:CreateBucket";
                case "encryption" -> "s3:PutEncryptionConfiguration";
                case "lifecycle" -> "s3:PutLifecycleConfiguration";
                case "object-lock" -> "s3:PutBucketObjectLockConfiguration";
                case "cors" -> "s3:PutBucketCORS";
                default -> "s3:PutBucket" + Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
            };
            case "DELETE" -> switch (sub) {
                case "" -> "s3:DeleteBucket";
                case "policy" -> "s3:DeleteBucketPolicy";
                case "tagging" -> "s3:PutBucketTagging";
                case "encryption" -> "s3:PutEncryptionConfiguration";
                case "lifecycle" -> "s3:PutLifecycleConfiguration";
                default -> "s3:PutBucket" + Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
            };
            case "POST" -> {
                if (sub.equals("delete")) yield "s3:DeleteObject";
                throw new LocalIam.UnauthorizableRequest("POST on a bucket is an S3 operation the local endpoint can authorize only as DeleteObjects");
            }
            default -> throw new LocalIam.UnauthorizableRequest(method + " is not an S3 method");
        };
    }

    /** The source of a copy ({@code /bucket/key?versionId=...}, URL-encoded) is read: s3:GetObject(Version) and its key. */
    private void copySource(List<AccessRequest> out, String header) {
        String source = header.startsWith("/") ? header.substring(1) : header;
        String version = null;
        int q = source.indexOf("?versionId=");
        if (q >= 0) {
            version = source.substring(q + "?versionId=".length());
            source = source.substring(0, q);
        }
        source = decode(source);
        int slash = source.indexOf('/');
        if (slash <= 0) return;
        out.add(new AccessRequest(version == null ? "s3:GetObject" : "s3:GetObjectVersion", "arn:aws:s3:::" + source, secure()));
        kms(out, source.substring(0, slash), "kms:Decrypt");
    }

    /** S3 uses the bucket's KMS key on the caller's behalf (with an S3 Bucket Key, the context is the bucket's ARN). */
    private void kms(List<AccessRequest> out, String bucket, String action) {
        String key = bucketKey.apply(bucket);
        if (key == null) return;
        Map<String, List<String>> context = new LinkedHashMap<>(secure());
        context.put("kms:ViaService", List.of("s3." + region + ".amazonaws.com"));
        context.put("kms:CallerAccount", List.of(account));
        context.put("kms:EncryptionContext:aws:s3:arn", List.of("arn:aws:s3:::" + bucket));
        out.add(new AccessRequest(action, key, context));
    }

    private static Map<String, List<String>> listContext(Map<String, String> query) {
        Map<String, List<String>> context = new LinkedHashMap<>(secure());
        if (query.containsKey("prefix")) context.put("s3:prefix", List.of(query.get("prefix")));
        if (query.containsKey("delimiter")) context.put("s3:delimiter", List.of(query.get("delimiter")));
        return context;
    }

    /**
     * The endpoint stands for AWS's, which the SDKs and the AWS CLI reach over TLS: aws:SecureTransport is true (a
     * bucket policy denying plain HTTP denies nothing that would reach AWS).
     */
    private static Map<String, List<String>> secure() {
        return Map.of("aws:SecureTransport", List.of("true"));
    }

    /** [key, versionId or null] of each object of a DeleteObjects body. */
    private static List<String[]> deletedKeys(byte[] body) throws LocalIam.UnauthorizableRequest {
        if (body == null) throw new LocalIam.UnauthorizableRequest("DeleteObjects without a body");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            NodeList objects = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getElementsByTagNameNS("*", "Object");
            List<String[]> keys = new ArrayList<>();
            for (int i = 0; i < objects.getLength(); i++) {
                Element o = (Element) objects.item(i);
                NodeList key = o.getElementsByTagNameNS("*", "Key");
                NodeList version = o.getElementsByTagNameNS("*", "VersionId");
                if (key.getLength() == 0) continue;
                keys.add(new String[] {key.item(0).getTextContent(), version.getLength() == 0 ? null : version.item(0).getTextContent()});
            }
            return keys;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new LocalIam.UnauthorizableRequest("DeleteObjects body is not the XML S3 expects: " + e.getMessage());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- JSON protocols

    /**
     * @param service the signing name (dynamodb, states, secretsmanager)
     * @param target  the X-Amz-Target header ({@code DynamoDB_20120810.PutItem})
     */
    List<AccessRequest> json(String service, String target, byte[] body) throws LocalIam.UnauthorizableRequest {
        if (target == null || target.indexOf('.') < 0) throw new LocalIam.UnauthorizableRequest("a " + service + " request without an X-Amz-Target");
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new LocalIam.UnauthorizableRequest("the " + service + " request body is not JSON: " + e.getMessage());
        }
        Map<String, List<String>> context = secure();
        List<AccessRequest> out = new ArrayList<>();
        switch (service) {
            case "dynamodb" -> dynamodb(operation, request, context, out);
            case "secretsmanager" -> {
                JsonNode id = request.has("SecretId") ? request.get("SecretId") : request.get("Name");
                out.add(new AccessRequest("secretsmanager:" + operation, id == null ? "*" : secretArn.apply(id.asText()), context));
            }
            case "states" -> {
                String resource = "*";
                for (String field : List.of("executionArn", "stateMachineArn", "mapRunArn", "activityArn", "resourceArn")) {
                    if (request.path(field).isTextual()) {
                        resource = request.get(field).asText();
                        break;
                    }
                }
                // ARN#TestCase picks a mocked test case (Step Functions Local's convention): the resource is the ARN
                int testCase = resource.indexOf('#');
                if (testCase > 0 && request.path("stateMachineArn").isTextual()) resource = resource.substring(0, testCase);
                out.add(new AccessRequest("states:" + operation, resource, context));
            }
            case "events" -> {
                if (operation.equals("PutEvents")) {
                    for (JsonNode entry : request.path("Entries")) {
                        Map<String, List<String>> keys = new java.util.HashMap<>(context);
                        if (entry.path("Source").isTextual()) keys.put("events:source", List.of(entry.get("Source").asText()));
                        if (entry.path("DetailType").isTextual()) keys.put("events:detail-type", List.of(entry.get("DetailType").asText()));
                        out.add(new AccessRequest("events:PutEvents", eventBus(entry.path("EventBusName").asText(null)), keys));
                    }
                } else {
                    JsonNode bus = request.has("EventBusName") ? request.get("EventBusName") : request.get("Name");
                    out.add(new AccessRequest("events:" + operation, bus == null || !operation.contains("EventBus") && !request.has("EventBusName")
                            ? "*" : eventBus(bus.asText()), context));
                }
            }
            default -> throw new LocalIam.UnauthorizableRequest("the local endpoint authorizes no " + service + " calls");
        }
        return out;
    }

    private void dynamodb(String operation, JsonNode request, Map<String, List<String>> context, List<AccessRequest> out) {
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" -> request.path("RequestItems").fieldNames()
                    .forEachRemaining(t -> out.add(new AccessRequest("dynamodb:" + operation, table(t), context)));
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode item : request.path("TransactItems")) {
                    item.fields().forEachRemaining(e -> {
                        String action = switch (e.getKey()) {
                            case "Put" -> "PutItem";
                            case "Update" -> "UpdateItem";
                            case "Delete" -> "DeleteItem";
                            case "ConditionCheck" -> "ConditionCheckItem";
                            default -> "GetItem";
                        };
                        out.add(new AccessRequest("dynamodb:" + action, table(e.getValue().path("TableName").asText()), context));
                    });
                }
            }
            default -> {
                if (!request.path("TableName").isTextual()) {
                    out.add(new AccessRequest("dynamodb:" + operation, "*", context));
                    return;
                }
                String table = table(request.get("TableName").asText());
                if (request.path("IndexName").isTextual()) table = table + "/index/" + request.get("IndexName").asText();
                out.add(new AccessRequest("dynamodb:" + operation, table, context));
            }
        }
    }

    /** A bus named by name or ARN, in this account; the default bus when none is named. */
    String eventBus(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) nameOrArn = "default";
        return nameOrArn.startsWith("arn:") ? nameOrArn : "arn:aws:events:" + region + ":" + account + ":event-bus/" + nameOrArn;
    }

    private String table(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn : "arn:aws:dynamodb:" + region + ":" + account + ":table/" + nameOrArn;
    }
}
