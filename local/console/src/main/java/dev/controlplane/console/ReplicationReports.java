package dev.controlplane.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.S3ReplicationPlanStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The replication reports VerifyReplication writes next to each run's plan,
 * {@code {prefix}{dataset}/{runId}/report.json} in the plan bucket, newest first.
 */
final class ReplicationReports {

    static final int MAX_REPORTS = 100;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    ReplicationReports(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** {@code {configured, bucket, prefix, reports: [{key, dataset, runId, lastModified, report}]}} */
    ObjectNode list() {
        ObjectNode answer = ConsoleJson.object().put("configured", bucket != null);
        ArrayNode reports = answer.putArray("reports");
        if (bucket == null) {
            answer.put("reason", "This runtime has no replication plan bucket: replicate-data writes its reports"
                    + " there once the template declares it.");
            return answer;
        }
        answer.put("bucket", bucket).put("prefix", prefix);
        List<S3Object> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()) {
                if (object.key().endsWith("/" + S3ReplicationPlanStore.REPORT)) {
                    found.add(object);
                }
            }
        } catch (NoSuchBucketException e) {
            answer.put("reason", "The replication plan bucket " + bucket + " does not exist yet: no replication has run.");
            return answer;
        }
        found.sort(Comparator.comparing(S3Object::lastModified).reversed());
        if (found.size() > MAX_REPORTS) {
            answer.put("truncated", true);
        }
        for (S3Object object : found.subList(0, Math.min(MAX_REPORTS, found.size()))) {
            reports.add(entry(object));
        }
        return answer;
    }

    private ObjectNode entry(S3Object object) {
        String folder = object.key().substring(prefix.length(),
                object.key().length() - S3ReplicationPlanStore.REPORT.length() - 1);
        int slash = folder.lastIndexOf('/');
        ObjectNode entry = ConsoleJson.object().put("key", object.key())
                .put("dataset", slash < 0 ? folder : folder.substring(0, slash))
                .put("runId", slash < 0 ? "" : folder.substring(slash + 1))
                .put("lastModified", String.valueOf(object.lastModified()));
        byte[] bytes = s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asByteArray();
        try {
            JsonNode report = ConsoleJson.MAPPER.readTree(bytes);
            entry.set("report", report);
        } catch (IOException e) {
            entry.put("problem", "s3://" + bucket + "/" + object.key() + " is not JSON; expected the report"
                    + " VerifyReplication writes");
        }
        return entry;
    }
}
