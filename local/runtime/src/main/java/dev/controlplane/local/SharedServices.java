package dev.controlplane.local;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the environments of one {@code controlplane up} share: the S3 and DynamoDB servers (bucket and table names
 * are global, as in AWS, so each environment's are its own by name) and the secrets file, all under one data
 * folder. Each environment's AWS endpoint routes to these and tells every environment's notifications of the S3
 * writes it passes (a write into another environment's bucket reaches that environment's subscriptions).
 */
final class SharedServices implements AutoCloseable {
    private final Path dataDir;
    private final S3Service s3;
    private final DynamoDbService dynamo;
    private final LocalSecrets secrets;
    private final List<S3Notifier> notifiers = new CopyOnWriteArrayList<>();
    private final EventBuses eventBuses = new EventBuses();

    private SharedServices(Path dataDir, S3Service s3, DynamoDbService dynamo, LocalSecrets secrets) {
        this.dataDir = dataDir;
        this.s3 = s3;
        this.dynamo = dynamo;
        this.secrets = secrets;
    }

    /** Starts S3 and DynamoDB side by side under {@code dataDir}; on a failure, what started is stopped again. */
    static SharedServices start(Path dataDir, Path secretsFile) {
        LocalSecrets secrets = LocalSecrets.open(secretsFile);
        CompletableFuture<S3Service> s3Start = CompletableFuture.supplyAsync(() -> S3Service.start(dataDir.resolve("s3")));
        CompletableFuture<DynamoDbService> dynamoStart = CompletableFuture.supplyAsync(() -> DynamoDbService.start(dataDir.resolve("dynamodb")));
        S3Service s3 = null;
        try {
            s3 = join(s3Start, "S3");
            return new SharedServices(dataDir, s3, join(dynamoStart, "DynamoDB"), secrets);
        } catch (RuntimeException | Error e) {
            if (s3 != null) s3.close();
            dynamoStart.thenAccept(DynamoDbService::close);
            throw e;
        }
    }

    private static <T> T join(CompletableFuture<T> start, String what) {
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(what + " did not start: " + e.getCause(), e.getCause());
        }
    }

    Path dataDir() {
        return dataDir;
    }

    /** Where S3 keeps its objects: a bucket per folder. */
    Path s3Folder() {
        return dataDir.resolve("s3");
    }

    /** The EventBridge buses of every environment served here, so that an event can cross to another's bus. */
    EventBuses eventBuses() {
        return eventBuses;
    }

    S3Service s3() {
        return s3;
    }

    DynamoDbService dynamo() {
        return dynamo;
    }

    LocalSecrets secrets() {
        return secrets;
    }

    void addNotifier(S3Notifier notifier) {
        notifiers.add(notifier);
    }

    void removeNotifier(S3Notifier notifier) {
        notifiers.remove(notifier);
    }

    /** An S3 write that succeeded, through any environment's endpoint. */
    void observe(S3Notifier.S3Write write) {
        for (S3Notifier n : notifiers) n.observe(write);
    }

    @Override
    public void close() {
        try {
            dynamo.close();
        } finally {
            s3.close();
        }
    }
}
