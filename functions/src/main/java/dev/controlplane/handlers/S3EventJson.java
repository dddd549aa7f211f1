package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.RequestParametersEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.ResponseElementsEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.UserIdentityEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 event notification's JSON read into aws-lambda-java-events' {@link S3Event}. The events
 * library has no parser of its own (its classes are immutable, filled by the Lambda runtime's
 * serialization library), so the handler takes the raw bytes and this builds the same objects,
 * which works the same under the Lambda runtime, {@code sam local invoke} and the local runtime.
 */
public final class S3EventJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = "S3 event";

    private S3EventJson() {
    }

    /** @throws IllegalArgumentException naming the field when the JSON is not an S3 event notification */
    public static S3Event parse(InputStream json) {
        try {
            return parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(INPUT + ": document is not valid JSON (" + e.getOriginalMessage()
                    + "); expected an S3 event notification {\"Records\": [...]}");
        } catch (IOException e) {
            throw new UncheckedIOException(INPUT + ": could not be read", e);
        }
    }

    public static S3Event parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(INPUT + ": document is not valid JSON (" + e.getOriginalMessage()
                    + "); expected an S3 event notification {\"Records\": [...]}");
        }
    }

    private static S3Event parse(JsonNode root) {
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException(INPUT + ": Records is missing or not an array;"
                    + " expected an S3 event notification {\"Records\": [...]}");
        }
        List<S3EventNotificationRecord> parsed = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            parsed.add(record(record));
        }
        return new S3Event(parsed);
    }

    private static S3EventNotificationRecord record(JsonNode record) {
        JsonNode s3 = record.path("s3");
        JsonNode bucket = s3.path("bucket");
        JsonNode object = s3.path("object");
        S3Entity s3Entity = s3.isObject()
                ? new S3Entity(text(s3, "configurationId"),
                        bucket.isObject() ? new S3BucketEntity(text(bucket, "name"), identity(bucket.path("ownerIdentity")), text(bucket, "arn")) : null,
                        object.isObject() ? new S3ObjectEntity(text(object, "key"), size(object), text(object, "eTag"),
                                text(object, "versionId"), text(object, "sequencer")) : null,
                        text(s3, "s3SchemaVersion"))
                : null;
        JsonNode request = record.path("requestParameters");
        JsonNode response = record.path("responseElements");
        // eventTime is left out: parsing it would load Joda-Time at cold start for a field nobody reads.
        return new S3EventNotificationRecord(text(record, "awsRegion"), text(record, "eventName"),
                text(record, "eventSource"), null, text(record, "eventVersion"),
                request.isObject() ? new RequestParametersEntity(text(request, "sourceIPAddress")) : null,
                response.isObject() ? new ResponseElementsEntity(text(response, "x-amz-id-2"), text(response, "x-amz-request-id")) : null,
                s3Entity, identity(record.path("userIdentity")));
    }

    private static UserIdentityEntity identity(JsonNode identity) {
        return identity.isObject() ? new UserIdentityEntity(text(identity, "principalId")) : null;
    }

    private static Long size(JsonNode object) {
        JsonNode size = object.get("size");
        return size != null && size.canConvertToLong() ? size.asLong() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
