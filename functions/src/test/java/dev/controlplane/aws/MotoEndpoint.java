package dev.controlplane.aws;

import dev.testsupport.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * An AWS-compatible endpoint for adapter tests: the one in {@code CONTROLPLANE_TEST_AWS_ENDPOINT} when set
 * (e.g. LocalStack), otherwise moto's server on a free loopback port (the shared {@link MotoServer}). Skips the
 * tests, with the reason, when neither is available.
 */
public final class MotoEndpoint implements AutoCloseable {

    public static final String ENDPOINT_VARIABLE = "CONTROLPLANE_TEST_AWS_ENDPOINT";
    public static final String REGION = "us-east-1";

    private final MotoServer moto;
    private final URI endpoint;

    private MotoEndpoint(MotoServer moto, URI endpoint) {
        this.moto = moto;
        this.endpoint = endpoint;
    }

    public static MotoEndpoint startOrSkip() throws IOException, InterruptedException {
        String configured = System.getenv(ENDPOINT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return new MotoEndpoint(null, URI.create(configured));
        }
        MotoServer moto = MotoServer.startOrSkip(" (or set " + ENDPOINT_VARIABLE + " to a LocalStack-compatible endpoint)");
        return new MotoEndpoint(moto, moto.endpoint());
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource: moto keeps its state for the life of the process. */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) throw new IOException("moto reset answered " + response.statusCode());
    }

    /** The environment the handler reads, pointing its clients at this endpoint. */
    public Map<String, String> environment(String secretId, String table, String stateMachineArn) {
        return Map.of("AWS_REGION", REGION, "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "WEBHOOK_SECRET_ID", secretId, "DELIVERIES_TABLE", table, "STATE_MACHINE_ARN", stateMachineArn);
    }

    public SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public SfnClient sfn() {
        return SfnClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** A deliveries table as template.yaml declares it: partition key deliveryId (S). */
    public static void createDeliveriesTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(request -> request.tableName(table)
                .attributeDefinitions(a -> a.attributeName(DynamoDbDeliveryLedger.KEY).attributeType("S"))
                .keySchema(k -> k.attributeName(DynamoDbDeliveryLedger.KEY).keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
    }

    /** A stand-in promote-artifact state machine: one Pass state, so executions succeed without Lambdas. */
    public static String createStateMachine(SfnClient sfn, String name) {
        return sfn.createStateMachine(request -> request.name(name)
                .roleArn("arn:aws:iam::123456789012:role/promote-artifact")
                .definition("{\"StartAt\":\"Accept\",\"States\":{\"Accept\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .stateMachineArn();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    @Override
    public void close() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }
}
