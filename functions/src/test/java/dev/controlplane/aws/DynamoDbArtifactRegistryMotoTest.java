package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.registry.LatestVersion;
import dev.controlplane.domain.registry.RegisteredVersion;
import dev.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The registry adapter against moto, on items written with the contract's schema. */
@IntegrationTest
class DynamoDbArtifactRegistryMotoTest {

    private static final String ARTIFACT = "data-eng/churn/churn";
    private static final String ORDER_1_4_0 = "000000001.000000004.000000000.9";
    private static final String ORDER_2_0_0 = "000000002.000000000.000000000.9";

    private static MotoEndpoint aws;
    private static DynamoDbClient dynamoDb;

    private String table;
    private DynamoDbArtifactRegistry registry;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        dynamoDb = aws.dynamoDb();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            dynamoDb.close();
            aws.close();
        }
    }

    @BeforeEach
    void freshTable() {
        table = "controlplane-registry-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createRegistryTable(dynamoDb, table);
        registry = new DynamoDbArtifactRegistry(dynamoDb, table);
    }

    @Test
    void registeredVersionIsReadAsTheWorkflowWroteIt() {
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", "churn", "1.4.0", ORDER_1_4_0, "feature-login",
                List.of("dev"));

        assertThat(registry.version(ARTIFACT, "1.4.0-feature-login")).contains(new RegisteredVersion(ARTIFACT,
                "1.4.0-feature-login", "1.4.0", ORDER_1_4_0, Optional.of("feature-login"), false,
                new TreeSet<>(List.of("dev"))));
        assertThat(registry.version(ARTIFACT, "1.4.0")).isEmpty();
    }

    @Test
    void conditionalMoveNeverTakesLatestBackward() {
        ArtifactsMoto.setLatest(dynamoDb, table, ARTIFACT, "prod", "2.0.0", ORDER_2_0_0);

        boolean moved = registry.moveLatest(ARTIFACT, "prod", new LatestVersion("1.4.0", ORDER_1_4_0), "execution");

        assertThat(moved).isFalse();
        assertThat(registry.latest(ARTIFACT, "prod")).contains(new LatestVersion("2.0.0", ORDER_2_0_0));
    }

    @Test
    void markingAVersionNotRegisteredCreatesNoItem() {
        registry.markReleased(ARTIFACT, "9.9.9");

        assertThat(ArtifactsMoto.item(dynamoDb, table, "ARTIFACT#" + ARTIFACT, "VERSION#9.9.9")).isEmpty();
    }

    @Test
    void versionsOfABranchAreOnlyThatBranchs() {
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", "churn", "1.4.0", ORDER_1_4_0, null, List.of("dev"));
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", "churn", "1.4.0", ORDER_1_4_0, "feature-login",
                List.of("dev"));
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", "churn", "1.4.0", ORDER_1_4_0, "login", List.of("dev"));
        ArtifactsMoto.setLatest(dynamoDb, table, ARTIFACT, "dev", "1.4.0", ORDER_1_4_0);

        assertThat(registry.versionsOfBranch(ARTIFACT, "feature-login")).extracting(RegisteredVersion::publishedVersion)
                .containsExactly("1.4.0-feature-login");
    }

    @Test
    void environmentsWrittenAsAListAreReadToo() {
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("ARTIFACT#" + ARTIFACT),
                "sk", AttributeValue.fromS("VERSION#1.4.0"),
                "version", AttributeValue.fromS("1.4.0"),
                "versionOrder", AttributeValue.fromS(ORDER_1_4_0),
                "environments", AttributeValue.fromL(List.of(AttributeValue.fromS("staging"), AttributeValue.fromS("dev"))))));

        assertThat(registry.version(ARTIFACT, "1.4.0")).get().extracting(RegisteredVersion::environments)
                .asInstanceOf(InstanceOfAssertFactories.ITERABLE).containsExactly("dev", "staging");
    }
}
