package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoS3;
import dev.controlplane.aws.S3ObjectCopier;
import dev.controlplane.aws.S3ObjectDeleter;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.replication.ProdTargetRefusedException;
import dev.controlplane.domain.replication.ReplicationBatching;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The replication functions as the workflow chains them (plan, copy every batch, delete, verify) against moto. */
@IntegrationTest
class ReplicationHandlersMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    private final S3Client s3 = MOTO.s3();

    private String prod;
    private String staging;
    private String plans;
    private int runs;

    @BeforeEach
    void freshBuckets() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        prod = "lake-prod-" + suffix;
        staging = "lake-staging-" + suffix;
        plans = "plans-" + suffix;
        for (String bucket : List.of(prod, staging, plans)) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    private PlatformConfig config(DatasetConfig... datasets) {
        return new PlatformConfig(List.of(
                new EnvironmentConfig("staging", "222222222222", "eu-west-1", null, false, List.of(staging), false),
                new EnvironmentConfig("prod", "333333333333", "eu-west-1", null, true, List.of(prod), true)),
                List.of(), List.of(datasets));
    }

    private DatasetConfig dataset(ReplicationMode mode, List<String> exclude) {
        return new DatasetConfig("orders", new DatasetLocation(prod, "sales/orders/"),
                new DatasetLocation(staging, "copy/orders/"), mode, List.of(), exclude, List.of());
    }

    /** The four functions, wired as in Lambda but with batches of two objects so a run has several. */
    private final class Functions {
        final PlanReplicationHandler plan;
        final CopyBatchHandler copy;
        final DeleteExtraneousHandler delete;
        final VerifyReplicationHandler verify;

        Functions(PlatformConfig config) {
            S3ReplicationPlanStore store = new S3ReplicationPlanStore(s3);
            S3ObjectListing listing = new S3ObjectListing(s3);
            plan = new PlanReplicationHandler(config, listing, store, plans, "replication/",
                    new ReplicationBatching(2, 1024 * 1024), Clock.systemUTC());
            copy = new CopyBatchHandler(config, store, new S3ObjectCopier(s3, S3ObjectCopier.Settings.DEFAULT));
            delete = new DeleteExtraneousHandler(config, store, new S3ObjectDeleter(s3));
            verify = new VerifyReplicationHandler(config, listing, store, Clock.systemUTC());
        }

        JsonNode plan(String runId) throws IOException {
            return invoke(plan, "{\"dataset\":\"orders\",\"runId\":\"" + runId + "\"}");
        }

        /**
         * Copies the batches as the workflow would: when the plan has any (AnythingToCopy), a Distributed Map reading
         * batches.json; {@code limit} simulates a crash.
         */
        void copyBatches(JsonNode planned, int limit) throws IOException {
            if (planned.path("batches").asInt() == 0) {
                assertThat(s3.listObjectsV2(r -> r.bucket(plans).prefix(planned.path("batchesKey").asText()))
                        .contents()).as("batches.json of a plan without batches").isEmpty();
                return;
            }
            JsonNode items = JSON.readTree(bytes(plans, planned.path("batchesKey").asText()));
            for (int i = 0; i < Math.min(limit, items.size()); i++) {
                invoke(copy, JSON.writeValueAsString(items.get(i)));
            }
        }

        JsonNode run() throws IOException {
            JsonNode planned = plan("run-" + (++runs));
            copyBatches(planned, Integer.MAX_VALUE);
            invoke(delete, planned.toString());
            return verify(planned);
        }

        JsonNode verify(JsonNode planned) throws IOException {
            return invoke(verify, planned.toString());
        }
    }

    private static JsonNode invoke(RequestStreamHandler handler, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(UTF_8)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private void put(String key, String content) {
        s3.putObject(r -> r.bucket(prod).key("sales/orders/" + key).contentType("text/csv")
                .metadata(Map.of("source-system", "erp")), RequestBody.fromString(content));
    }

    private byte[] bytes(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    /** Relative key -> content of every object under a prefix. */
    private Map<String, String> contents(String bucket, String prefix) {
        Map<String, String> contents = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            contents.put(object.key().substring(prefix.length()), new String(bytes(bucket, object.key()), UTF_8));
        }
        return contents;
    }

    private void seed() {
        put("2025/05/01/part-0.csv", "id,total\n1,10\n");
        put("2025/05/01/part-1.csv", "id,total\n2,20\n");
        put("2025/05/02/part-0.csv", "id,total\n3,30\n");
        put("2025/05/02/part-1.csv", "id,total\n4,40\n");
        put("_SUCCESS", "");
    }

    @Test
    void firstRunCopiesEveryObjectWithItsMetadataAndReportsIt() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));

        JsonNode planned = functions.plan("first");
        assertThat(planned.path("copies").asLong()).isEqualTo(5);
        assertThat(planned.path("batches").asLong()).isEqualTo(3);
        assertThat(planned.path("manifestKey").asText()).isEqualTo("replication/orders/first/manifest.json");
        functions.copyBatches(planned, Integer.MAX_VALUE);
        JsonNode report = functions.verify(planned);

        assertThat(contents(staging, "copy/orders/")).isEqualTo(contents(prod, "sales/orders/"));
        assertThat(s3.headObject(r -> r.bucket(staging).key("copy/orders/2025/05/01/part-0.csv")).metadata())
                .containsEntry("source-system", "erp");
        assertThat(s3.headObject(r -> r.bucket(staging).key("copy/orders/2025/05/01/part-0.csv")).contentType())
                .isEqualTo("text/csv");
        assertThat(report.path("inSync").asBoolean()).isTrue();
        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(5);
        assertThat(report.path("copied").path("bytes").asLong()).isEqualTo(4 * "id,total\n1,10\n".length());
        assertThat(report.path("failed").asLong()).isZero();
        assertThat(report.path("verifiedBy").asText()).as("every copy confirmed by its response").isEqualTo("outcomes");
        assertThat(JSON.readTree(bytes(plans, report.path("reportKey").asText()))).isEqualTo(report);
    }

    @Test
    void rerunWithNothingChangedCopiesNothing() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        functions.run();

        JsonNode planned = functions.plan("again");
        JsonNode report = functions.run();

        assertThat(planned.path("copies").asLong()).isZero();
        assertThat(planned.path("batches").asLong()).isZero();
        assertThat(report.path("copied").path("objects").asLong()).isZero();
        assertThat(report.path("skipped").path("objects").asLong()).isEqualTo(5);
        assertThat(report.path("inSync").asBoolean()).isTrue();
        assertThat(report.path("verifiedBy").asText()).isEqualTo("plan");
    }

    @Test
    void mirrorCopiesChangedAndAddedObjectsAndDeletesRemovedOnes() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        functions.run();
        put("2025/05/01/part-0.csv", "id,total\n1,11\n");
        put("2025/05/03/part-0.csv", "id,total\n5,50\n");
        s3.deleteObject(r -> r.bucket(prod).key("sales/orders/2025/05/02/part-1.csv"));

        JsonNode report = functions.run();

        assertThat(contents(staging, "copy/orders/")).isEqualTo(contents(prod, "sales/orders/"));
        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(2);
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(report.path("inSync").asBoolean()).isTrue();
        assertThat(report.path("verifiedBy").asText()).isEqualTo("outcomes");
    }

    @Test
    void additiveNeverDeletes() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.ADDITIVE, List.of())));
        functions.run();
        s3.deleteObject(r -> r.bucket(prod).key("sales/orders/2025/05/02/part-1.csv"));

        JsonNode report = functions.run();

        assertThat(contents(staging, "copy/orders/")).containsKey("2025/05/02/part-1.csv").hasSize(5);
        assertThat(report.path("deleted").asLong()).isZero();
        assertThat(report.path("inSync").asBoolean()).isTrue();
    }

    @Test
    void excludedObjectsAreNeitherCopiedNorDeleted() throws IOException {
        seed();
        put("2025/05/01/_temporary/0/part-9.csv", "partial");
        s3.putObject(r -> r.bucket(staging).key("copy/orders/_temporary/kept.csv"), RequestBody.fromString("staging's own"));
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR,
                List.of("**/_temporary/**", "_SUCCESS"))));

        JsonNode report = functions.run();

        assertThat(contents(staging, "copy/orders/")).containsOnlyKeys("2025/05/01/part-0.csv",
                "2025/05/01/part-1.csv", "2025/05/02/part-0.csv", "2025/05/02/part-1.csv", "_temporary/kept.csv");
        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(4);
        assertThat(report.path("deleted").asLong()).isZero();
    }

    @Test
    void runThatDiedAfterSomeBatchesConvergesWhenRunAgain() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        s3.putObject(r -> r.bucket(staging).key("copy/orders/stale.csv"), RequestBody.fromString("old"));
        JsonNode crashed = functions.plan("crashed");
        functions.copyBatches(crashed, 1);
        assertThat(contents(staging, "copy/orders/")).hasSize(3);

        JsonNode report = functions.run();

        assertThat(contents(staging, "copy/orders/")).isEqualTo(contents(prod, "sales/orders/"));
        assertThat(report.path("copied").path("objects").asLong()).as("only what the dead run had not copied")
                .isEqualTo(3);
        assertThat(report.path("skipped").path("objects").asLong()).isEqualTo(2);
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(report.path("inSync").asBoolean()).isTrue();
    }

    @Test
    void verifyAfterAnIncompleteCopyReportsWhatRemains() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        JsonNode planned = functions.plan("partial");
        functions.copyBatches(planned, 1);

        JsonNode report = functions.verify(planned);

        assertThat(report.path("inSync").asBoolean()).isFalse();
        assertThat(report.path("remaining").path("copies").asLong()).isEqualTo(3);
        assertThat(report.path("verifiedBy").asText()).as("outcomes short of the plan: both sides listed again")
                .isEqualTo("listing");
    }

    @Test
    void aFailedCopyIsVerifiedByListingBothSidesAgain() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        JsonNode planned = functions.plan("changed-under-us");
        // The source changes (size too) after planning: the copy conditional on the planned ETag fails (moto, which
        // ignores the condition, copies it and the check of size and ETag fails it), and verification lists.
        put("2025/05/01/part-0.csv", "id,total\n1,1234\n");
        functions.copyBatches(planned, Integer.MAX_VALUE);

        JsonNode report = functions.verify(planned);

        assertThat(report.path("failed").asLong()).isEqualTo(1);
        assertThat(report.path("verifiedBy").asText()).isEqualTo("listing");
        assertThat(report.path("complete").asBoolean()).isFalse();
    }

    @Test
    void prodTargetIsRefusedBeforeAnythingIsListedOrWritten() {
        seed();
        DatasetConfig intoProd = new DatasetConfig("orders", new DatasetLocation(staging, "sales/"),
                new DatasetLocation(prod, "restored/"), ReplicationMode.MIRROR, List.of(), List.of(), List.of());
        s3.putObject(r -> r.bucket(staging).key("sales/a.csv"), RequestBody.fromString("a"));
        Functions functions = new Functions(config(intoProd));

        assertThatThrownBy(() -> functions.plan("into-prod"))
                .isInstanceOf(ProdTargetRefusedException.class)
                .hasMessage("dataset orders: target.bucket is '" + prod + "', a bucket of production environment prod"
                        + " (config/environments.json); expected a staging bucket: replication never writes to"
                        + " production");
        assertThat(contents(plans, "")).isEmpty();
        assertThat(contents(prod, "restored/")).isEmpty();
    }

    @Test
    void batchNamingAProdTargetIsRefusedAndNothingIsCopied() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        JsonNode planned = functions.plan("tampered");
        String batchKey = "replication/orders/tampered/copies/000000.json";
        String tampered = new String(bytes(plans, batchKey), UTF_8)
                .replace("\"bucket\":\"" + staging + "\"", "\"bucket\":\"" + prod + "\"")
                .replace("\"prefix\":\"copy/orders/\"", "\"prefix\":\"restored/\"");
        s3.putObject(r -> r.bucket(plans).key(batchKey), RequestBody.fromString(tampered));

        assertThatThrownBy(() -> invoke(functions.copy, "{\"Items\":[{\"planBucket\":\"" + plans
                + "\",\"key\":\"replication/orders/tampered/copies/000001.json\"},{\"planBucket\":\"" + plans
                + "\",\"key\":\"" + batchKey + "\"}]}"))
                .isInstanceOf(ProdTargetRefusedException.class)
                .hasMessageContaining("plan batch s3://" + plans + "/" + batchKey + ": target.bucket is '" + prod + "'");
        assertThat(contents(prod, "restored/")).isEmpty();
        assertThat(contents(staging, "copy/orders/")).as("not even the batch before the refused one").isEmpty();
        assertThat(planned.path("batches").asLong()).isEqualTo(3);
    }

    @Test
    void itemBatcherInputCopiesEveryBatchItNames() throws IOException {
        seed();
        Functions functions = new Functions(config(dataset(ReplicationMode.MIRROR, List.of())));
        JsonNode planned = functions.plan("batched");
        JsonNode items = JSON.readTree(bytes(plans, planned.path("batchesKey").asText()));

        JsonNode copied = invoke(functions.copy, "{\"Items\":" + items + ",\"BatchInput\":{\"dataset\":\"orders\"}}");

        assertThat(copied.path("batches").asLong()).isEqualTo(3);
        assertThat(copied.path("copied").asLong()).isEqualTo(5);
        assertThat(contents(staging, "copy/orders/")).isEqualTo(contents(prod, "sales/orders/"));
    }
}
