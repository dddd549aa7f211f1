package dev.controlplane.aws;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The SDK clients the webhook function uses, configured from its environment by {@link AwsClientConfig}.
 * Built once per container.
 */
public record WebhookClients(SecretsManagerClient secretsManager, DynamoDbClient dynamoDb, SfnClient sfn)
        implements AutoCloseable {

    public static WebhookClients fromEnvironment(Map<String, String> environment) {
        return new WebhookClients(
                AwsClientConfig.configure(SecretsManagerClient.builder(), environment).build(),
                AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                AwsClientConfig.configure(SfnClient.builder(), environment).build());
    }

    @Override
    public void close() {
        secretsManager.close();
        dynamoDb.close();
        sfn.close();
    }
}
