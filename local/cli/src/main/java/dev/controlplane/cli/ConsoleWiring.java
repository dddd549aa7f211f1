package dev.controlplane.cli;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.console.ConsoleOptions;
import dev.controlplane.console.ConsoleServer;
import dev.controlplane.local.ConsoleStarter;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.RuntimeResources;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The browser console (local/console) started beside a running {@link LocalRuntime}: the Step Functions API, S3 and
 * DynamoDB on the runtime's one AWS endpoint, and the registry and runs tables, artifact buckets, replication plan
 * bucket and events folder the template and config name ({@link RuntimeResources}). Stopping the console closes the
 * clients it was given.
 */
final class ConsoleWiring implements ConsoleStarter {

    @Override
    public Console start(LocalRuntime runtime, int port) {
        RuntimeResources r = runtime.resources();
        if (r.registryTable() == null) {
            throw new IllegalArgumentException("no function of " + runtime.template().file()
                    + " has a REGISTRY_TABLE variable, so the console cannot tell which table holds the artifacts and approvals");
        }
        S3Client s3 = AwsClientConfig.configure(S3Client.builder(), runtime.clientEnvironment()).forcePathStyle(true).build();
        DynamoDbClient dynamoDb = AwsClientConfig.configure(DynamoDbClient.builder(), runtime.clientEnvironment()).build();
        try {
            ConsoleServer server = ConsoleServer.start(new ConsoleOptions(port, runtime.endpoints().aws(), s3, dynamoDb,
                    r.registryTable(), r.runsTable(), r.artifactBuckets(), r.replicationPlanBucket(), r.replicationPlanPrefix(),
                    r.eventsDirectory()));
            return new Console(server.url(), () -> {
                try (s3; dynamoDb) {
                    server.close();
                }
            });
        } catch (RuntimeException e) {
            s3.close();
            dynamoDb.close();
            throw e;
        }
    }
}
