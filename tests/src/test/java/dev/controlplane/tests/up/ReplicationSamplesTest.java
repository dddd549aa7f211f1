package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * events/replicate-data-*.json as the README's "Replicating data" says to use them: inputs of staging's replicate-data
 * (dev's replication role may not read prod, as deployed), on {@code up --parameter Environment=staging}. Each copies
 * what prod has under the dataset's prefix into staging's bucket and succeeds.
 */
@EndToEndTest
class ReplicationSamplesTest {
    static final String MACHINE = "arn:aws:states:eu-west-1:222222222222:stateMachine:controlplane-replicate-data-staging";
    static final String PROD_DATA = "acme-lake-prod-333333333333";
    static final String STAGING_DATA = "acme-lake-staging-222222222222";
    static final String PREFIX = "landing/sales/orders/";

    @TempDir
    Path dir;

    @Test
    void theReplicationSamplesReplicateProdDataIntoStaging() throws Exception {
        try (UpProcess up = UpProcess.start(dir.resolve("data"), UpProcess.ROOT.resolve("template.yaml"), "--parameter", "Environment=staging");
             UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            int round = 0;
            for (String sample : List.of("replicate-data-one-dataset.json", "replicate-data-all-datasets.json")) {
                String key = PREFIX + "2026/12/0" + (++round) + "/part-00000.json";
                aws.s3.putObject(p -> p.bucket(PROD_DATA).key(key), RequestBody.fromString("{\"order\": " + round + "}"));
                String input = Files.readString(UpProcess.ROOT.resolve("events").resolve(sample));
                String arn = aws.sfn.startExecution(s -> s.stateMachineArn(MACHINE).input(input)).executionArn();
                var done = aws.await(arn);
                assertThat(done.status()).as(sample + ": " + done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
                JsonNode reports = Json.parse(done.output()).get("reports");
                assertThat(reports.findValuesAsText("dataset")).as(sample).contains("sales-orders");
                assertThat(aws.s3.getObjectAsBytes(g -> g.bucket(STAGING_DATA).key(key)).asUtf8String())
                        .as(sample + " copied " + key).isEqualTo("{\"order\": " + round + "}");
            }
        }
    }
}
