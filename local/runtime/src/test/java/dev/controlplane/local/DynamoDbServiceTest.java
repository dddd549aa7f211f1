package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import dev.controlplane.local.template.LocalTemplate;
import dev.testsupport.ForeignHost;
import dev.testsupport.IntegrationTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB Local with the template's tables, reached through the gateway, and its items kept across a restart. */
@IntegrationTest
class DynamoDbServiceTest {
    @TempDir
    Path data;

    static final LocalTemplate.Table REGISTRY = new LocalTemplate.Table("RegistryTable", "registry", Json.parse("""
            {"BillingMode": "PAY_PER_REQUEST",
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                                      {"AttributeName": "team", "AttributeType": "S"}],
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
             "GlobalSecondaryIndexes": [{"IndexName": "byTeam", "KeySchema": [{"AttributeName": "team", "KeyType": "HASH"}],
                                         "Projection": {"ProjectionType": "ALL"}, "ContributorInsightsSpecification": {"Enabled": true}}],
             "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": true},
             "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
             "SSESpecification": {"SSEEnabled": true}}"""));

    static DynamoDbClient client(java.net.URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Test
    void aRequestAddressedByAnotherNameThanLoopbackIsNotServed() throws Exception {
        try (DynamoDbService db = DynamoDbService.start(data.resolve("dynamodb"))) {
            db.ensureTables(List.of(REGISTRY));
            int port = db.url().getPort();
            String signed = "Authorization: AWS4-HMAC-SHA256 Credential=any/20261207/eu-west-1/dynamodb/aws4_request,"
                    + " SignedHeaders=host, Signature=0000";

            assertThat(ForeignHost.postJson(port, "rebound.example:" + port, "DynamoDB_20120810.ListTables", "{}", signed))
                    .startsWith("HTTP/1.1 404").doesNotContain("registry");
            assertThat(ForeignHost.postJson(port, "127.0.0.1:" + port, "DynamoDB_20120810.ListTables", "{}", signed))
                    .startsWith("HTTP/1.1 200").contains("registry");
        }
    }

    @Test
    void tablesAreCreatedOnceWithIndexesAndTtlAndTheirItemsSurviveARestart() {
        try (DynamoDbService db = DynamoDbService.start(data.resolve("dynamodb"));
                AwsGateway gateway = AwsGateway.start(0, Map.of("dynamodb", db.url()), w -> {});
                DynamoDbClient dynamo = client(gateway.url())) {
            assertThat(db.ensureTables(List.of(REGISTRY))).containsExactly("registry");
            var table = dynamo.describeTable(d -> d.tableName("registry")).table();
            assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byTeam");
            assertThat(dynamo.describeTimeToLive(d -> d.tableName("registry")).timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
            dynamo.putItem(p -> p.tableName("registry").item(Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("1"),
                    "team", AttributeValue.fromS("data-eng"))));
        }
        try (DynamoDbService db = DynamoDbService.start(data.resolve("dynamodb"));
                DynamoDbClient dynamo = client(db.url())) {
            assertThat(db.ensureTables(List.of(REGISTRY))).as("already there").isEmpty();
            assertThat(dynamo.getItem(g -> g.tableName("registry").key(Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("1"))))
                    .item().get("team").s()).isEqualTo("data-eng");
        }
    }
}
