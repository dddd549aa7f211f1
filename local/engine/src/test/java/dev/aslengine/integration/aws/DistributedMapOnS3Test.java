package dev.aslengine.integration.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import dev.testsupport.IntegrationTest;
import dev.testsupport.MotoServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine end to end against moto's S3: aws-sdk tasks write objects, a Distributed Map reads and writes them. */
@IntegrationTest
class DistributedMapOnS3Test {
    static MotoServer moto;
    static AwsServiceIntegration aws;
    static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startOrSkip();
        aws = new AwsServiceIntegration(AwsEndpoints.local(moto.endpoint()));
        aws.invoke(AwsService.S3_SDK, "createBucket", Json.parse("{\"Bucket\":\"dmap\"}"));
        engine = Engine.builder().timeScale(0).integration(aws).distributedMapStore(new S3ItemSource(aws)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) engine.close();
        if (aws != null) aws.close();
        if (moto != null) moto.close();
    }

    static Execution run(String definition, String input) throws Exception {
        String name = "m" + System.nanoTime();
        Execution e = engine.startExecution(engine.createStateMachine(name, definition, null).arn(), null, Json.parse(input));
        assertThat(e.await(60, TimeUnit.SECONDS)).isTrue();
        return e;
    }

    @Test
    void itemsWrittenByATaskAreReadBatchedProcessedAndTheResultsWrittenToS3() throws Exception {
        String definition = """
            {"StartAt": "WriteItems", "States": {
              "WriteItems": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": "dmap", "Key": "in/items.json", "Body.$": "$.items"},
                "ResultPath": null, "Next": "Fan"},
              "Fan": {"Type": "Map",
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "dmap", "Key": "in/items.json"}},
                "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"run.$": "$.run"}},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "Count", "States": {
                    "Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)", "run.$": "$.BatchInput.run"}, "End": true}}},
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "dmap", "Prefix": "out"}},
                "End": true}}}
            """;
        Execution e = run(definition, "{\"run\": \"r1\", \"items\": [{\"k\": 1}, {\"k\": 2}, {\"k\": 3}, {\"k\": 4}, {\"k\": 5}]}");
        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = e.output();
        assertThat(out.get("MapRunArn").asText()).contains(":mapRun:");
        String manifestKey = out.at("/ResultWriterDetails/Key").asText();
        assertThat(out.at("/ResultWriterDetails/Bucket").asText()).isEqualTo("dmap");
        assertThat(manifestKey).startsWith("out/").endsWith("/manifest.json");

        JsonNode manifest = read(manifestKey);
        String succeededKey = manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText();
        JsonNode succeeded = read(succeededKey);
        assertThat(succeeded).hasSize(3);
        assertThat(Json.parse(succeeded.get(0).get("Output").asText()).toString()).isEqualTo("{\"n\":2,\"run\":\"r1\"}");
        assertThat(Json.parse(succeeded.get(2).get("Output").asText()).toString()).isEqualTo("{\"n\":1,\"run\":\"r1\"}");
        assertThat(e.history().events()).extracting(ev -> ev.type()).contains("MapRunStarted", "MapRunSucceeded");
    }

    @Test
    void aListingReaderGivesOneItemPerObjectAndAMissingObjectFailsTheReader() throws Exception {
        for (String k : new String[] {"list/a.txt", "list/b.txt"}) {
            aws.invoke(AwsService.S3_SDK, "putObject", Json.object().put("Bucket", "dmap").put("Key", k).put("Body", "x"));
        }
        String listing = """
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "dmap", "Prefix": "list/"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "K",
                "States": {"K": {"Type": "Pass", "OutputPath": "$.Key", "End": true}}},
              "End": true}}}
            """;
        Execution ok = run(listing, "{}");
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ok.output().toString()).isEqualTo("[\"list/a.txt\",\"list/b.txt\"]");

        String missing = listing.replace("listObjectsV2\", \"Parameters\": {\"Bucket\": \"dmap\", \"Prefix\": \"list/\"}",
                "getObject\", \"ReaderConfig\": {\"InputType\": \"JSON\"}, \"Parameters\": {\"Bucket\": \"dmap\", \"Key\": \"nope.json\"}");
        Execution failed = run(missing, "{}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.ItemReaderFailed");
    }

    static JsonNode read(String key) {
        return Json.parse(aws.invoke(AwsService.S3_SDK, "getObject", Json.object().put("Bucket", "dmap").put("Key", key))
                .get("Body").asText());
    }
}
