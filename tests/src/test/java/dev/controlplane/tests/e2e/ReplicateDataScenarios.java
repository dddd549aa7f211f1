package dev.controlplane.tests.e2e;

import static dev.controlplane.tests.e2e.ReplicationWorld.events;
import static dev.controlplane.tests.e2e.ReplicationWorld.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Execution;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.config.TableClone;
import dev.testsupport.EndToEndTest;
import dev.workspace.SqlWarehouse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * replicate-data end to end on the engine: the scenarios of the issue, run against the S3 endpoint a subclass
 * provides (embedded S3Proxy, moto's server).
 */
@EndToEndTest
abstract class ReplicateDataScenarios {

    private static final String SOURCE = "landing/orders/";
    private static final String TARGET = "copy/orders/";
    private static final String ONE = "{\"dataset\":\"orders\"}";

    ReplicationWorld world;

    /** The S3 endpoint under test. */
    abstract URI endpoint();

    @BeforeEach
    void newWorld() {
        world = new ReplicationWorld(endpoint(), endpoint());
    }

    @AfterEach
    void closeWorld() {
        List<String> denials = world.denials();
        world.close();
        assertThat(denials).as("calls IAM denied (template.yaml's roles)").isEmpty();
    }

    private DatasetConfig orders(ReplicationMode mode, String... exclude) {
        return world.dataset("orders", SOURCE, TARGET, mode, List.of(exclude), List.of());
    }

    /** Twelve objects over three folders, one with a content type and user metadata. */
    private void someOrders() {
        for (int i = 0; i < 11; i++) {
            world.put(world.prod, SOURCE + "day=" + (i % 3) + "/part-" + i + ".csv", "order " + i + "\n".repeat(i));
        }
        world.put(world.prod, SOURCE + "day=0/summary.json", "{\"orders\":11}".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of("producer", "nightly-export"));
    }

    @Test
    void aFirstRunCopiesEveryObjectWithItsMetadataInBatchesReadFromS3() throws Exception {
        someOrders();

        Execution run = world.run(ONE, orders(ReplicationMode.MIRROR));

        JsonNode report = report(run);
        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(12);
        assertThat(report.path("inSync").asBoolean()).isTrue();
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(world.contents(world.staging, TARGET)).isEqualTo(world.contents(world.prod, SOURCE));
        var summary = world.head(world.staging, TARGET + "day=0/summary.json");
        assertThat(summary.contentType()).isEqualTo("application/json");
        assertThat(summary.metadata()).containsEntry("producer", "nightly-export");
        // 12 objects in batch files of 3 = 4 items, handed over 4 per child execution by the ItemBatcher.
        assertThat(events(run, "MapRunStarted")).hasSize(1);
        JsonNode started = events(run, "MapStateStarted").stream()
                .filter(event -> event.details().path("length").asInt() == 1).findFirst().orElseThrow().details();
        assertThat(started.path("length").asInt()).isEqualTo(1);
        assertThat(world.keys(world.plans)).anyMatch(key -> key.endsWith("/batches.json"))
                .anyMatch(key -> key.endsWith("/report.json"));
    }

    @Test
    void aRerunWithNothingChangedCopiesNothing() throws Exception {
        someOrders();
        world.run(ONE, orders(ReplicationMode.MIRROR));

        Execution rerun = world.run(ONE, orders(ReplicationMode.MIRROR));

        JsonNode report = report(rerun);
        assertThat(report.path("copied").path("objects").asLong()).isZero();
        assertThat(report.path("deleted").asLong()).isZero();
        assertThat(report.path("skipped").path("objects").asLong()).isEqualTo(12);
        assertThat(events(rerun, "MapRunStarted")).as("no copy Map for an empty plan").isEmpty();
    }

    @Test
    void changedAddedAndDeletedObjectsAreMirrored() throws Exception {
        someOrders();
        world.run(ONE, orders(ReplicationMode.MIRROR));
        world.put(world.prod, SOURCE + "day=1/part-1.csv", "order 1 amended with a longer line\n");
        world.put(world.prod, SOURCE + "day=2/part-2.csv", "order 2\nX");  // same size, other bytes
        world.put(world.prod, SOURCE + "day=3/part-11.csv", "a new day\n");
        world.delete(world.prod, SOURCE + "day=0/part-3.csv");

        Execution rerun = world.run(ONE, orders(ReplicationMode.MIRROR));

        JsonNode report = report(rerun);
        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(3);
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(report.path("skipped").path("objects").asLong()).isEqualTo(9);
        assertThat(world.contents(world.staging, TARGET)).isEqualTo(world.contents(world.prod, SOURCE));
    }

    @Test
    void additiveModeNeverDeletes() throws Exception {
        someOrders();
        world.run(ONE, orders(ReplicationMode.ADDITIVE));
        world.delete(world.prod, SOURCE + "day=0/part-0.csv");
        world.put(world.staging, TARGET + "only-in-staging.csv", "kept");

        JsonNode report = report(world.run(ONE, orders(ReplicationMode.ADDITIVE)));

        assertThat(report.path("deleted").asLong()).isZero();
        assertThat(report.path("inSync").asBoolean()).isTrue();
        assertThat(world.contents(world.staging, TARGET)).containsKeys("day=0/part-0.csv", "only-in-staging.csv")
                .hasSize(13);
    }

    @Test
    void excludedKeysAreNeitherCopiedNorDeleted() throws Exception {
        someOrders();
        world.put(world.prod, SOURCE + "day=0/_temporary/attempt-1.csv", "partial");
        world.put(world.prod, SOURCE + "day=1/scratch.tmp", "scratch");
        world.put(world.staging, TARGET + "day=2/staging-only.tmp", "a staging tool's file");

        JsonNode report = report(world.run(ONE, orders(ReplicationMode.MIRROR, "**/_temporary/**", "**/*.tmp")));

        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(12);
        assertThat(world.contents(world.staging, TARGET)).doesNotContainKeys("day=0/_temporary/attempt-1.csv",
                "day=1/scratch.tmp").containsKey("day=2/staging-only.tmp");
    }

    @Test
    void aRunThatCrashesHalfWayIsCompletedByTheNextRunWithEveryObjectByteEqual() throws Exception {
        for (int i = 0; i < 30; i++) {
            world.put(world.prod, SOURCE + "part-" + String.format("%02d", i) + ".bin", "bytes of part " + i);
        }
        world.put(world.staging, TARGET + "stale.bin", "deleted by the mirror");
        AtomicInteger invocations = new AtomicInteger();
        Execution crashed = world.run(ONE, copyBatch -> (input, output, context) -> {
            if (invocations.incrementAndGet() > 1) {
                throw new IllegalStateException("the function's container died");
            }
            copyBatch.handleRequest(input, output, context);
        }, orders(ReplicationMode.MIRROR));
        assertThat(crashed.status().name()).isEqualTo("FAILED");
        int copiedBeforeCrash = world.contents(world.staging, TARGET).size() - 1;
        assertThat(copiedBeforeCrash).isBetween(1, 29);

        JsonNode report = report(world.run(ONE, orders(ReplicationMode.MIRROR)));

        assertThat(report.path("copied").path("objects").asLong()).isEqualTo(30 - copiedBeforeCrash);
        assertThat(report.path("skipped").path("objects").asLong()).isEqualTo(copiedBeforeCrash);
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(world.contents(world.staging, TARGET)).isEqualTo(world.contents(world.prod, SOURCE));
    }

    @Test
    void aTargetInAProductionBucketIsRefusedWithNothingWritten() throws Exception {
        someOrders();
        List<String> prodBefore = world.keys(world.prod);
        DatasetConfig intoProd = new DatasetConfig("orders", new DatasetLocation(world.prod, SOURCE),
                new DatasetLocation(world.prod, "mirror-of-orders/"), ReplicationMode.MIRROR, List.of(), List.of(),
                List.of());

        Execution run = world.run(ONE, intoProd);

        assertThat(run.status().name()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("ProdTargetRefused");
        assertThat(run.cause()).startsWith("Plan (dataset orders): dataset orders: target.bucket is '" + world.prod
                + "', a bucket of production environment prod");
        assertThat(world.keys(world.prod)).isEqualTo(prodBefore);
        assertThat(world.keys(world.plans)).isEmpty();
    }

    @Test
    void injectedSlowDownsAreRetriedUntilEveryObjectIsCopied() throws Exception {
        someOrders();
        try (ReplicationFaultProxy proxy = ReplicationFaultProxy.in(endpoint())
                .slowDown(ReplicationFaultProxy.Request::isList, 2)
                // Past the SDK's own 3 attempts for one object: the functions' backoff must retry it.
                .slowDown(request -> request.isCopy() && request.path().endsWith("part-4.csv"), 5)
                .slowDown(ReplicationFaultProxy.Request::isCopy, 2)) {
            ReplicationWorld throughProxy = new ReplicationWorld(endpoint(), proxy.endpoint());
            try {
                someOrdersIn(throughProxy);
                DatasetConfig dataset = throughProxy.dataset("orders", SOURCE, TARGET, ReplicationMode.MIRROR,
                        List.of(), List.of());

                JsonNode report = report(throughProxy.run(ONE, dataset));

                assertThat(report.path("copied").path("objects").asLong()).isEqualTo(12);
                assertThat(report.path("failed").asLong()).isZero();
                assertThat(throughProxy.contents(throughProxy.staging, TARGET))
                        .isEqualTo(throughProxy.contents(throughProxy.prod, SOURCE));
                assertThat(proxy.injected()).isGreaterThanOrEqualTo(2 + 5 + 2 * 11);
            } finally {
                throughProxy.close();
            }
        }
    }

    private static void someOrdersIn(ReplicationWorld other) {
        for (int i = 0; i < 11; i++) {
            other.put(other.prod, SOURCE + "day=" + (i % 3) + "/part-" + i + ".csv", "order " + i);
        }
        other.put(other.prod, SOURCE + "day=0/summary.json", "{}");
    }

    @Test
    void eachTableIsClonedWithTheStatementTheConfigAsksFor() throws Exception {
        someOrders();
        DatasetConfig withTables = world.dataset("orders", SOURCE, TARGET, ReplicationMode.MIRROR, List.of(), List.of(
                new TableClone("prod.sales.orders", "staging.sales.orders", TableClone.Kind.DEEP),
                new TableClone("prod.sales.order_lines", "staging.sales.order_lines", TableClone.Kind.SHALLOW)));

        JsonNode report = report(world.run(ONE, withTables));

        assertThat(report.path("tablesCloned").asLong()).isEqualTo(2);
        assertThat(world.workspace().sql().executed()).extracting(SqlWarehouse.ExecutedStatement::statement)
                .containsExactlyInAnyOrder(
                        "CREATE OR REPLACE TABLE staging.sales.orders DEEP CLONE prod.sales.orders",
                        "CREATE OR REPLACE TABLE staging.sales.order_lines SHALLOW CLONE prod.sales.order_lines");
        assertThat(world.workspace().sql().executed()).extracting(SqlWarehouse.ExecutedStatement::warehouseId)
                .containsOnly(ReplicationWorld.WAREHOUSE_ID);
    }

    @Test
    void aFailedCloneFailsTheRunNamingTheTableAndDatabricksMessageAndTheReportKeepsIt() throws Exception {
        someOrders();
        world.workspace().sql().failWhen("CLONE prod\\.sales\\.orders",
                "[TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`sales`.`orders` cannot be found.");
        DatasetConfig withTables = world.dataset("orders", SOURCE, TARGET, ReplicationMode.MIRROR, List.of(), List.of(
                new TableClone("prod.sales.orders", "staging.sales.orders", TableClone.Kind.DEEP)));

        Execution run = world.run(ONE, withTables);

        assertThat(run.status().name()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("ReplicationIncomplete");
        assertThat(run.cause()).contains("dataset orders: 0 object(s) failed", "1 table clone(s) failed",
                "staging.sales.orders: [TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`sales`.`orders` cannot be found.");
        String reportKey = world.keys(world.plans).stream().filter(key -> key.endsWith("/report.json")).findFirst()
                .orElseThrow();
        JsonNode stored = Json.parse(world.s3.getObjectAsBytes(r -> r.bucket(world.plans).key(reportKey)).asUtf8String());
        assertThat(stored.path("tableFailures").get(0).path("statement").asText())
                .isEqualTo("CREATE OR REPLACE TABLE staging.sales.orders DEEP CLONE prod.sales.orders");
        assertThat(world.contents(world.staging, TARGET)).hasSize(12);
    }

    @Test
    void withoutADatasetEveryConfiguredDatasetIsReplicated() throws Exception {
        someOrders();
        world.put(world.prod, "landing/customers/c.csv", "customers");
        DatasetConfig customers = world.dataset("customers", "landing/customers/", "copy/customers/",
                ReplicationMode.ADDITIVE, List.of(), List.of());

        Execution run = world.run("{}", orders(ReplicationMode.MIRROR), customers);

        assertThat(run.status().name()).as("%s: %s", run.error(), run.cause()).isEqualTo("SUCCEEDED");
        assertThat(run.output().path("reports")).extracting(r -> r.path("dataset").asText())
                .containsExactly("orders", "customers");
        assertThat(world.contents(world.staging, "copy/customers/")).containsOnlyKeys("c.csv");
        assertThat(world.contents(world.staging, TARGET)).hasSize(12);
    }

    @Test
    void anInputNamingNoStringDatasetIsRefused() throws Exception {
        Execution run = world.run("{\"dataset\": 42}", orders(ReplicationMode.MIRROR));

        assertThat(run.status().name()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("InvalidInput");
        assertThat(run.cause()).contains("dataset is 42");
    }
}
