package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;

/** ListMapRuns, DescribeMapRun and UpdateMapRun on a Distributed Map whose children wait at a gate the test opens. */
@IntegrationTest
class MapRunApiTest {
    private final SfnEndpoint api = new SfnEndpoint();
    private final Semaphore gate = new Semaphore(0);

    MapRunApiTest() {
        api.function("gate", in -> {
            gate.acquireUninterruptibly();
            return in;
        });
    }

    @AfterEach
    void close() {
        gate.release(1000);
        api.close();
    }

    private static String machine(String limits) {
        return """
                {"StartAt": "Copy", "States": {"Copy": {"Type": "Map", "Label": "copy", "ItemsPath": "$.items", %s "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Gate", "States": {
                    "Gate": {"Type": "Task", "Resource": "%s", "Next": "Check"},
                    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericGreaterThan": 4, "Next": "Bad"}], "Default": "Ok"},
                    "Bad": {"Type": "Fail", "Error": "Item.Bad"},
                    "Ok": {"Type": "Succeed"}}}}}}""".formatted(limits, SfnEndpoint.lambdaArn("gate"));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String onlyMapRun(String executionArn) throws InterruptedException {
        eventually(() -> !api.sfn.listMapRuns(b -> b.executionArn(executionArn)).mapRuns().isEmpty());
        var runs = api.sfn.listMapRuns(b -> b.executionArn(executionArn)).mapRuns();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).executionArn()).isEqualTo(executionArn);
        assertThat(runs.get(0).stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:copier/copy");
        assertThat(runs.get(0).mapRunArn()).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:copier/copy:");
        return runs.get(0).mapRunArn();
    }

    private DescribeMapRunResponse describe(String mapRunArn) {
        return api.sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
    }

    @Test
    void aRunningMapRunIsListedDescribedAndItsConcurrencyRaised() throws Exception {
        String sm = api.create("copier", machine("\"MaxConcurrency\": 1,"));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(sm)
                .input("{\"items\": [{\"v\": 1}, {\"v\": 2}, {\"v\": 3}, {\"v\": 4}]}")).executionArn();
        String mapRun = onlyMapRun(execution);
        eventually(() -> describe(mapRun).itemCounts().running() == 1);
        DescribeMapRunResponse running = describe(mapRun);
        assertThat(running.status()).isEqualTo(MapRunStatus.RUNNING);
        assertThat(running.executionArn()).isEqualTo(execution);
        assertThat(running.maxConcurrency()).isEqualTo(1);
        assertThat(running.itemCounts().total()).isEqualTo(4);
        assertThat(running.itemCounts().pending()).isEqualTo(3);
        assertThat(running.stopDate()).isNull();

        api.sfn.updateMapRun(b -> b.mapRunArn(mapRun).maxConcurrency(4));
        eventually(() -> describe(mapRun).itemCounts().running() == 4);
        assertThat(describe(mapRun).maxConcurrency()).isEqualTo(4);
        gate.release(4);
        api.awaitEnd(execution);
        DescribeMapRunResponse done = describe(mapRun);
        assertThat(done.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(done.itemCounts().succeeded()).isEqualTo(4);
        assertThat(done.executionCounts().succeeded()).isEqualTo(4);
        assertThat(done.stopDate()).isAfterOrEqualTo(done.startDate());
        assertThat(api.sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns().get(0).stopDate()).isNotNull();
    }

    @Test
    void raisingTheToleratedFailureCountWhileItRunsLetsTheMapSucceed() throws Exception {
        String sm = api.create("copier", machine(""));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(sm)
                .input("{\"items\": [{\"v\": 1}, {\"v\": 5}, {\"v\": 6}]}")).executionArn();
        String mapRun = onlyMapRun(execution);
        assertThat(describe(mapRun).toleratedFailureCount()).isZero();
        api.sfn.updateMapRun(b -> b.mapRunArn(mapRun).toleratedFailureCount(2L).toleratedFailurePercentage(100f));
        gate.release(3);
        api.awaitEnd(execution);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        DescribeMapRunResponse done = describe(mapRun);
        assertThat(done.itemCounts().failed()).isEqualTo(2);
        assertThat(done.toleratedFailureCount()).isEqualTo(2L);
    }

    @Test
    void anUnknownMapRunIsResourceNotFoundAndAnotherArnInvalidArn() {
        String unknown = "arn:aws:states:us-east-1:123456789012:mapRun:copier/copy:0d4c2b5e-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> describe(unknown)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.sfn.updateMapRun(b -> b.mapRunArn(unknown).maxConcurrency(2))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> describe("arn:aws:states:us-east-1:123456789012:execution:copier:x")).isInstanceOf(InvalidArnException.class);
    }
}
