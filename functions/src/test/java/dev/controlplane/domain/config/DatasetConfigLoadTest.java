package dev.controlplane.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/datasets/*.json: loaded with defaults, every problem with its file and pointer, prod targets refused. */
class DatasetConfigLoadTest {

    private static final String ENVIRONMENTS = """
            {"environments": [
              {"name": "staging", "account": "222222222222", "region": "eu-west-1",
               "dataBuckets": ["lake-staging"]},
              {"name": "prod", "account": "333333333333", "region": "eu-west-1", "artifactsBucket": "acme-prod-artifacts",
               "dataBuckets": ["lake-prod", "lake-prod-archive"]},
              {"name": "live", "account": "444444444444", "region": "eu-west-1", "production": true,
               "dataBuckets": ["lake-live"], "catalogs": ["live_main", "live_raw"]}
            ]}""";
    private static final String ORDERS = """
            {"dataset": "orders",
             "source": {"bucket": "lake-prod", "prefix": "sales/orders/"},
             "target": {"bucket": "lake-staging", "prefix": "sales/orders/"},
             "mode": "mirror",
             "exclude": ["**/_temporary/**"],
             "tables": [{"source": "prod.sales.orders", "target": "staging.sales.orders", "mode": "SHALLOW"},
                        {"source": "prod.sales.lines", "target": "staging.sales.lines"}]}""";

    @TempDir
    Path dir;

    private Path config(Map<String, String> datasets) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.writeString(config.resolve("environments.json"), ENVIRONMENTS);
        for (Map.Entry<String, String> dataset : datasets.entrySet()) {
            Files.writeString(config.resolve("datasets").resolve(dataset.getKey()), dataset.getValue());
        }
        return config;
    }

    private List<String> problems(Map<String, String> datasets) throws IOException {
        Path config = config(datasets);
        try {
            PlatformConfig.load(config);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::line).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void datasetIsLoadedWithDefaults() throws IOException {
        PlatformConfig config = PlatformConfig.load(config(Map.of("orders.json", ORDERS, "clicks.json", """
                {"dataset": "clicks", "source": {"bucket": "lake-prod"},
                 "target": {"bucket": "lake-staging", "prefix": "clicks/"}, "mode": "additive"}""")));

        DatasetConfig orders = config.dataset("orders", "test");
        assertThat(orders.source()).isEqualTo(new DatasetLocation("lake-prod", "sales/orders/"));
        assertThat(orders.target()).isEqualTo(new DatasetLocation("lake-staging", "sales/orders/"));
        assertThat(orders.mode()).isEqualTo(ReplicationMode.MIRROR);
        assertThat(orders.include()).as("everything by default").containsExactly("**");
        assertThat(orders.exclude()).containsExactly("**/_temporary/**");
        assertThat(orders.tables()).containsExactly(
                new TableClone("prod.sales.orders", "staging.sales.orders", TableClone.Kind.SHALLOW),
                new TableClone("prod.sales.lines", "staging.sales.lines", TableClone.Kind.DEEP));
        DatasetConfig clicks = config.dataset("clicks", "test");
        assertThat(clicks.source().prefix()).as("the whole bucket").isEmpty();
        assertThat(clicks.mode()).isEqualTo(ReplicationMode.ADDITIVE);
        assertThat(config.environment("prod").orElseThrow().production()).as("named prod").isTrue();
        assertThat(config.environment("live").orElseThrow().production()).as("said so").isTrue();
        assertThat(config.environment("staging").orElseThrow().production()).isFalse();
        assertThat(config.environment("prod").orElseThrow().buckets())
                .containsExactly("acme-prod-artifacts", "lake-prod", "lake-prod-archive");
    }

    @Test
    void unknownDatasetNamesTheConfiguredOnes() throws IOException {
        PlatformConfig config = PlatformConfig.load(config(Map.of("orders.json", ORDERS)));

        assertThatThrownBy(() -> config.dataset("order", "PlanReplication input"))
                .isInstanceOf(UnknownDatasetException.class)
                .hasMessage("PlanReplication input: dataset is 'order', which has no config/datasets/order.json;"
                        + " expected one of the configured datasets: orders");
    }

    @Test
    void targetInAProdDataBucketIsRefusedAtLoad() throws IOException {
        assertThat(problems(Map.of("orders.json", ORDERS.replace("\"bucket\": \"lake-staging\"",
                "\"bucket\": \"lake-prod-archive\"")))).containsExactly(
                "config/datasets/orders.json: /target/bucket: is 'lake-prod-archive', a bucket of production"
                        + " environment prod in config/environments.json; expected a bucket outside production:"
                        + " replication never writes to production");
    }

    @Test
    void targetInAProdArtifactBucketOrAnEnvironmentMarkedProductionIsRefused() throws IOException {
        List<String> problems = problems(Map.of(
                "a.json", ORDERS.replace("orders\",", "a\",").replace("\"bucket\": \"lake-staging\"",
                        "\"bucket\": \"acme-prod-artifacts\""),
                "b.json", ORDERS.replace("orders\",", "b\",").replace("\"bucket\": \"lake-staging\"",
                        "\"bucket\": \"lake-live\"")));

        assertThat(problems).hasSize(2).allSatisfy(line -> assertThat(line).contains("/target/bucket")
                .contains("replication never writes to production"));
        assertThat(problems.get(0)).contains("environment prod");
        assertThat(problems.get(1)).contains("environment live");
    }

    @Test
    void cloneTargetInAProductionCatalogOrWithoutACatalogIsRefusedAtLoad() throws IOException {
        List<String> problems = problems(Map.of(
                "a.json", dataset("a", "staging.sales.orders", "prod.other.lines"),
                "b.json", dataset("b", "LIVE_RAW.sales.orders", "staging.b.lines"),
                "c.json", dataset("c", "sales.orders", "staging.c.lines")));

        assertThat(problems).containsExactlyInAnyOrder(
                "config/datasets/a.json: /tables/1/target: is 'prod.other.lines', a table in catalog 'prod' of production"
                        + " environment prod in config/environments.json; expected a table in a catalog outside production:"
                        + " replication never writes to production",
                "config/datasets/b.json: /tables/0/target: is 'LIVE_RAW.sales.orders', a table in catalog 'LIVE_RAW' of"
                        + " production environment live in config/environments.json; expected a table in a catalog outside"
                        + " production: replication never writes to production",
                "config/datasets/c.json: /tables/0/target: is 'sales.orders', without a catalog (it would be written in"
                        + " the SQL warehouse's default catalog, which may be production's); expected catalog.schema.table"
                        + " in a catalog outside production");
    }

    /** No datasets, {@code environments} as config/environments.json. */
    private PlatformConfig loadWithEnvironments(String environments) throws IOException {
        Path config = config(Map.of());
        Files.writeString(config.resolve("environments.json"), environments);
        return PlatformConfig.load(config);
    }

    /** The orders dataset as {@code name}, writing its own prefix, its two tables cloned into the targets given. */
    private static String dataset(String name, String ordersTarget, String linesTarget) {
        return ORDERS.replace("\"dataset\": \"orders\"", "\"dataset\": \"" + name + "\"")
                .replace("\"bucket\": \"lake-staging\", \"prefix\": \"sales/orders/\"", "\"bucket\": \"lake-staging\", \"prefix\": \"" + name + "/\"")
                .replace("\"target\": \"staging.sales.orders\"", "\"target\": \"" + ordersTarget + "\"")
                .replace("\"target\": \"staging.sales.lines\"", "\"target\": \"" + linesTarget + "\"");
    }

    @Test
    void aStagingDataBucketThatIsAlsoProductionsIsRefusedAtLoad() throws IOException {
        assertThatThrownBy(() -> loadWithEnvironments(ENVIRONMENTS.replace("\"dataBuckets\": [\"lake-staging\"]",
                "\"dataBuckets\": [\"lake-staging\", \"lake-prod-archive\"]"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/environments.json: /environments/0/dataBuckets/1: is 'lake-prod-archive', a"
                        + " bucket of production environment prod; expected only staging's own buckets: replication writes"
                        + " them, and never production's");
    }

    @Test
    void catalogsOfAnEnvironmentMustBeNames() throws IOException {
        assertThatThrownBy(() -> loadWithEnvironments(ENVIRONMENTS.replace("[\"live_main\", \"live_raw\"]",
                "[\"live-main\", 7]"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("/environments/2/catalogs/0: is 'live-main'; expected an array of Unity Catalog catalog names")
                .hasMessageContaining("/environments/2/catalogs/1: is the number 7;");
    }

    @Test
    void everyProblemIsReportedWithItsFileAndPointer() throws IOException {
        List<String> problems = problems(Map.of("orders.json", """
                {"dataset": "orders", "source": {"bucket": "Lake_Prod", "prefix": "/sales"},
                 "target": {"bucket": "lake-staging", "prefix": "sales", "region": "eu"},
                 "mode": "sync", "include": ["/abs/**", 3], "owner": "me",
                 "tables": [{"source": "orders", "target": "staging.sales.orders", "mode": "FULL"}]}"""));

        assertThat(problems).containsExactlyInAnyOrder(
                "config/datasets/orders.json: /owner: is not a known field; expected only dataset, exclude, include,"
                        + " mode, source, tables, target",
                "config/datasets/orders.json: /source/bucket: is 'Lake_Prod'; expected an S3 bucket name: 3 to 63"
                        + " lower-case letters, digits, '.' or '-', starting and ending with a letter or digit",
                "config/datasets/orders.json: /source/prefix: is '/sales'; expected a key prefix: empty for the whole"
                        + " bucket, or ending with '/' and not starting with '/', e.g. sales/orders/",
                "config/datasets/orders.json: /target/region: is not a known field; expected only bucket, prefix",
                "config/datasets/orders.json: /target/prefix: is 'sales'; expected a key prefix: empty for the whole"
                        + " bucket, or ending with '/' and not starting with '/', e.g. sales/orders/",
                "config/datasets/orders.json: /mode: is 'sync'; expected mirror (the target ends equal to the source)"
                        + " or additive (never delete)",
                "config/datasets/orders.json: /include/0: is '/abs/**', which starts with '/' (keys are relative to the"
                        + " prefix); expected " + KeyGlob.RULE,
                "config/datasets/orders.json: /include/1: is the number 3; expected " + KeyGlob.RULE,
                "config/datasets/orders.json: /tables/0/source: is 'orders'; expected a Unity Catalog table name"
                        + " catalog.schema.table (or schema.table)",
                "config/datasets/orders.json: /tables/0/mode: is 'FULL'; expected DEEP (copies the data files, the"
                        + " default) or SHALLOW (references them)");
    }

    @Test
    void fileNameMustBeTheDatasetAndTargetsMustNotOverlapSourceOrEachOther() throws IOException {
        List<String> problems = problems(Map.of(
                "orders.json", ORDERS.replace("\"dataset\": \"orders\"", "\"dataset\": \"sales\""),
                "self.json", """
                        {"dataset": "self", "source": {"bucket": "lake-staging", "prefix": "x/"},
                         "target": {"bucket": "lake-staging", "prefix": "x/y/"}, "mode": "mirror"}""",
                "a.json", """
                        {"dataset": "a", "source": {"bucket": "lake-prod", "prefix": "a/"},
                         "target": {"bucket": "lake-staging", "prefix": "shared/"}, "mode": "mirror"}""",
                "b.json", """
                        {"dataset": "b", "source": {"bucket": "lake-prod", "prefix": "b/"},
                         "target": {"bucket": "lake-staging", "prefix": "shared/b/"}, "mode": "additive"}"""));

        assertThat(problems).containsExactlyInAnyOrder(
                "config/datasets/orders.json: /dataset: is 'sales', but the file is orders.json; expected 'orders':"
                        + " a dataset's file is named config/datasets/{dataset}.json",
                "config/datasets/self.json: /target: is s3://lake-staging/x/y/, which overlaps the source"
                        + " s3://lake-staging/x/; expected a target outside the source (copying a prefix into itself"
                        + " never ends)",
                "config/datasets/b.json: /target: is s3://lake-staging/shared/b/, which overlaps dataset a's target"
                        + " s3://lake-staging/shared/; expected each dataset writing its own prefix");
    }

    @Test
    void packagedSampleDatasetLoadsAndTargetsNoProductionBucket() {
        PlatformConfig config = PlatformConfig.fromClasspath();

        assertThat(config.datasets()).isNotEmpty();
        assertThat(config.datasets()).allSatisfy(dataset ->
                assertThat(config.productionOwnerOf(dataset.target().bucket())).isEmpty());
        assertThat(config.productionOwnerOf(config.dataset("sales-orders", "test").source().bucket()))
                .as("the sample copies from prod").isPresent();
    }
}
