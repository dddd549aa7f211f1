package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Distributed Map's child executions counted while it runs and after (DescribeMapRun's itemCounts). */
class MapRunTest {

    /** arn:aws:states:::test:gate: each call takes a permit, so a test decides when children end. */
    private static final class Gate implements TaskIntegration {
        final Semaphore permits = new Semaphore(0);
        final CountDownLatch entered;

        Gate(int children) {
            entered = new CountDownLatch(children);
        }

        @Override
        public boolean supports(ResourceArn resource) {
            return resource.raw().equals("arn:aws:states:::test:gate");
        }

        @Override
        public JsonNode call(TaskCall call) throws InterruptedException {
            entered.countDown();
            permits.acquire();
            return Json.object();
        }
    }

    private static final String DEFINITION = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.xs",
          "ItemBatcher": {"MaxItemsPerBatch": 2}, "ToleratedFailureCount": 5,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Wait", "States": {
              "Wait": {"Type": "Task", "Resource": "arn:aws:states:::test:gate", "ResultPath": null, "Next": "C"},
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.Items[0]", "NumericGreaterThan": 4, "Next": "Bad"}],
                    "Default": "Ok"},
              "Bad": {"Type": "Fail", "Error": "Item.Bad"},
              "Ok": {"Type": "Pass", "End": true}}}}}}
        """;

    @Test
    void childExecutionsAreCountedAsTheyRunAndEnd() throws Exception {
        Gate gate = new Gate(3);
        try (Engine engine = Engine.builder().timeScale(0).integration(gate).build()) {
            StateMachine sm = engine.createStateMachine("Machine", DEFINITION, null);
            Execution execution = engine.startExecution(sm.arn(), "run-1", Json.parse("{\"xs\": [1, 2, 3, 4, 5, 6]}"));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            String arn = execution.history().events().stream().filter(e -> e.type().equals("MapRunStarted"))
                    .findFirst().orElseThrow().details().path("mapRunArn").asText();

            MapRun running = engine.mapRun(arn);
            assertThat(running.total()).isEqualTo(3);
            assertThat(running.running()).isEqualTo(3);
            assertThat(running.succeeded() + running.failed() + running.pending()).isZero();
            assertThat(running.executionArn()).isEqualTo(execution.arn());

            gate.permits.release(3);
            assertThat(execution.await(10, TimeUnit.SECONDS)).isTrue();
            MapRun done = engine.mapRun(arn);
            assertThat(done.succeeded()).isEqualTo(2);
            assertThat(done.failed()).isEqualTo(1);
            assertThat(done.running()).isZero();
            assertThatThrownBy(() -> engine.mapRun(arn + "-other")).isInstanceOf(EngineException.class)
                    .hasMessageContaining("Map Run Does Not Exist");
        }
    }
}
