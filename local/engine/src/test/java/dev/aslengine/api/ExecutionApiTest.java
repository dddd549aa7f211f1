package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@IntegrationTest
class ExecutionApiTest {
    private static final String CHAIN = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "B"},
          "B": {"Type": "Pass", "Next": "C"},
          "C": {"Type": "Pass", "Result": {"done": true}, "ResultPath": "$.result", "End": true}}}
        """;
    /** Waits for a task token nobody sends, so it runs until stopped. */
    private static final String PARKED = """
        {"StartAt": "Park", "States": {"Park": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "park", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}
        """;

    private final SfnEndpoint api = new SfnEndpoint().function("park", p -> Json.object());

    @AfterEach
    void close() {
        api.close();
    }

    private String run(String machineArn, String input) {
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(machineArn).input(input)).executionArn();
        api.awaitEnd(arn);
        return arn;
    }

    @Test
    void aSucceededExecutionIsDescribedWithItsInputOutputDatesAndRedriveStatus() {
        String machine = api.create("chain", CHAIN);
        var started = api.sfn.startExecution(b -> b.stateMachineArn(machine).name("first").input("{\"id\": 7}"));
        assertThat(started.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:chain:first");
        api.awaitEnd(started.executionArn());

        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(started.executionArn()));
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.name()).isEqualTo("first");
        assertThat(d.stateMachineArn()).isEqualTo(machine);
        assertThat(Json.parse(d.input())).isEqualTo(Json.parse("{\"id\": 7}"));
        assertThat(d.inputDetails().included()).isTrue();
        assertThat(Json.parse(d.output())).isEqualTo(Json.parse("{\"id\": 7, \"result\": {\"done\": true}}"));
        assertThat(d.outputDetails().included()).isTrue();
        assertThat(d.startDate()).isEqualTo(started.startDate());
        assertThat(d.stopDate()).isAfterOrEqualTo(d.startDate());
        assertThat(d.error()).isNull();
        assertThat(d.redriveCount()).isZero();
        assertThat(d.redriveDate()).isNull();
        assertThat(d.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(d.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven.");
    }

    @Test
    void metadataOnlyLeavesTheInputAndOutputOut() {
        String arn = run(api.create("chain", CHAIN), "{\"secret\": 1}");
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(arn).includedData(IncludedData.METADATA_ONLY));
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.input()).isNull();
        assertThat(d.output()).isNull();
    }

    @Test
    void anExecutionWithoutInputStartsWithAnEmptyObject() {
        String machine = api.create("chain", CHAIN);
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        api.awaitEnd(arn);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(arn)).input()).isEqualTo("{}");
    }

    @Test
    void startingAgainWithTheSameNameAndInputWhileRunningReturnsTheSameExecution() {
        String machine = api.create("parked", PARKED);
        var first = api.sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 1}"));
        var again = api.sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 1}"));
        assertThat(again.executionArn()).isEqualTo(first.executionArn());
        assertThat(again.startDate()).isEqualTo(first.startDate());
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void startingAgainWithTheSameNameAndOtherInputIsExecutionAlreadyExists() {
        String machine = api.create("parked", PARKED);
        api.sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 1}"));
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class)
                .hasMessageContaining("once");
    }

    @Test
    void startingAgainWithTheNameOfAFinishedExecutionIsExecutionAlreadyExistsEvenWithTheSameInput() {
        String machine = api.create("chain", CHAIN);
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{}")).executionArn();
        api.awaitEnd(arn);
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void inputThatIsNotJsonIsInvalidExecutionInput() {
        String machine = api.create("chain", CHAIN);
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"a\": ")))
                .isInstanceOf(InvalidExecutionInputException.class)
                .hasMessageContaining("'input'");
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void anExecutionNameWithForbiddenCharactersIsInvalidName() {
        String machine = api.create("chain", CHAIN);
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("a/b")))
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void startingAnUnknownStateMachineIsStateMachineDoesNotExist() {
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:nope")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void describingAnUnknownExecutionIsExecutionDoesNotExist() {
        assertThatThrownBy(() -> api.sfn.describeExecution(b -> b.executionArn("arn:aws:states:us-east-1:123456789012:execution:m:nope")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.getExecutionHistory(b -> b.executionArn("arn:aws:states:us-east-1:123456789012:execution:m:nope")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void aStateMachineArnWhereAnExecutionArnBelongsIsInvalidArn() {
        String machine = api.create("chain", CHAIN);
        assertThatThrownBy(() -> api.sfn.describeExecution(b -> b.executionArn(machine)))
                .isInstanceOf(InvalidArnException.class)
                .hasMessageContaining("executionArn");
    }

    @Test
    void theHistoryPagesForwardAndInReverseOverEveryEvent() {
        String arn = run(api.create("chain", CHAIN), "{\"id\": 1}");
        List<HistoryEvent> all = api.sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events();
        assertThat(all).hasSize(api.engine.execution(arn).history().size()).hasSizeGreaterThan(7);
        assertThat(all).extracting(HistoryEvent::id).isSorted().startsWith(1L);
        assertThat(all.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(Json.parse(all.get(0).executionStartedEventDetails().input())).isEqualTo(Json.parse("{\"id\": 1}"));
        assertThat(all.get(0).executionStartedEventDetails().roleArn()).isEqualTo(SfnEndpoint.ROLE);
        assertThat(all.get(all.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(all.get(1).timestamp()).isAfterOrEqualTo(all.get(0).timestamp());

        assertThat(pages(arn, false)).isEqualTo(all);
        List<HistoryEvent> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertThat(pages(arn, true)).isEqualTo(reversed);
    }

    private List<HistoryEvent> pages(String arn, boolean reverse) {
        List<HistoryEvent> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            GetExecutionHistoryResponse page = api.sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(3).reverseOrder(reverse).nextToken(t));
            assertThat(page.events()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 100);
        return seen;
    }

    @Test
    void theHistoryIteratedByTheSdkPaginatorIsComplete() {
        String arn = run(api.create("chain", CHAIN), "{}");
        assertThat(api.sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn).maxResults(2)).events())
                .hasSize(api.engine.execution(arn).history().size());
    }

    @Test
    void historyWithoutExecutionDataLeavesPayloadsOut() {
        String arn = run(api.create("chain", CHAIN), "{\"secret\": 1}");
        List<HistoryEvent> events = api.sfn.getExecutionHistory(b -> b.executionArn(arn).includeExecutionData(false)).events();
        assertThat(events.get(0).executionStartedEventDetails().input()).isNull();
        assertThat(events.get(0).executionStartedEventDetails().roleArn()).isEqualTo(SfnEndpoint.ROLE);
        assertThat(events.get(events.size() - 1).executionSucceededEventDetails().output()).isNull();
    }

    @Test
    void aHistoryTokenOfAnotherListingIsInvalidToken() {
        String machine = api.create("chain", CHAIN);
        String arn = run(machine, "{}");
        String reverseToken = api.sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1).reverseOrder(true)).nextToken();
        assertThatThrownBy(() -> api.sfn.getExecutionHistory(b -> b.executionArn(arn).nextToken(reverseToken)))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> api.sfn.getExecutionHistory(b -> b.executionArn(arn).nextToken("not-a-token")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void listExecutionsFiltersByStatusAndPagesNewestFirst() {
        String chain = api.create("chain", CHAIN);
        List<String> succeeded = new ArrayList<>();
        for (int i = 0; i < 3; i++) succeeded.add(run(chain, "{\"n\": " + i + "}"));
        String parked = api.create("parked", PARKED);
        String running = api.sfn.startExecution(b -> b.stateMachineArn(parked)).executionArn();

        ListExecutionsResponse first = api.sfn.listExecutions(b -> b.stateMachineArn(chain).statusFilter(ExecutionStatus.SUCCEEDED).maxResults(2));
        assertThat(first.executions()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        ListExecutionsResponse second = api.sfn.listExecutions(b -> b.stateMachineArn(chain).statusFilter(ExecutionStatus.SUCCEEDED)
                .maxResults(2).nextToken(first.nextToken()));
        assertThat(second.nextToken()).isNull();
        List<ExecutionListItem> items = new ArrayList<>(first.executions());
        items.addAll(second.executions());
        assertThat(items).extracting(ExecutionListItem::executionArn).containsExactlyInAnyOrderElementsOf(succeeded);
        assertThat(items).extracting(ExecutionListItem::startDate).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(items).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(e.stateMachineArn()).isEqualTo(chain);
            assertThat(e.stopDate()).isNotNull();
            assertThat(e.redriveCount()).isZero();
        });

        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(chain).statusFilter(ExecutionStatus.RUNNING)).executions()).isEmpty();
        List<ExecutionListItem> parkedRunning = api.sfn.listExecutions(b -> b.stateMachineArn(parked).statusFilter(ExecutionStatus.RUNNING)).executions();
        assertThat(parkedRunning).extracting(ExecutionListItem::executionArn).containsExactly(running);
        assertThat(parkedRunning.get(0).stopDate()).isNull();
    }

    @Test
    void listExecutionsNeedsAStateMachineArnAndAPageSizeWithinTheLimit() {
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> {})).isInstanceOf(ValidationException.class);
        String chain = api.create("chain", CHAIN);
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> b.stateMachineArn(chain).maxResults(1001)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'maxResults'");
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> b.stateMachineArn(chain).statusFilter(ExecutionStatus.PENDING_REDRIVE)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:nope")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void stopExecutionAbortsItWithTheGivenErrorAndCause() {
        String machine = api.create("parked", PARKED);
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        var stopped = api.sfn.stopExecution(b -> b.executionArn(arn).error("Operator.Cancelled").cause("not needed today"));
        assertThat(stopped.stopDate()).isNotNull();

        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.error()).isEqualTo("Operator.Cancelled");
        assertThat(d.cause()).isEqualTo("not needed today");
        assertThat(d.stopDate()).isEqualTo(stopped.stopDate());
        assertThat(d.output()).isNull();
        List<HistoryEvent> events = api.sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(1)).events();
        assertThat(events.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
        assertThat(events.get(0).executionAbortedEventDetails().error()).isEqualTo("Operator.Cancelled");
    }

    @Test
    void aStopErrorLongerThan256CharactersBreaksTheModelConstraint() {
        String machine = api.create("parked", PARKED);
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        assertThatThrownBy(() -> api.sfn.stopExecution(b -> b.executionArn(arn).error("e".repeat(257))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'error'");
        assertThat(api.sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void aRunningExecutionIsNotRedrivableAndSaysWhy() {
        String machine = api.create("parked", PARKED);
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(d.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(d.redriveStatusReason()).isEqualTo("Execution is RUNNING and cannot be redriven.");
        assertThatThrownBy(() -> api.sfn.redriveExecution(b -> b.executionArn(arn))).isInstanceOf(ExecutionNotRedrivableException.class);
    }

    @Test
    void aFailedExecutionIsRedrivenFromItsFailedStateAndCountsTheRedrive() {
        AtomicInteger calls = new AtomicInteger();
        api.function("flaky", p -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("downstream unavailable");
            return ((ObjectNode) p.deepCopy()).put("attempt", calls.get());
        });
        String machine = api.create("flaky", """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(SfnEndpoint.lambdaArn("flaky")));
        String arn = run(machine, "{\"id\": 3}");

        DescribeExecutionResponse failed = api.sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.cause()).contains("downstream unavailable");
        assertThat(failed.output()).isNull();
        assertThat(failed.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        assertThat(failed.redriveStatusReason()).isNull();

        var redriven = api.sfn.redriveExecution(b -> b.executionArn(arn));
        assertThat(redriven.redriveDate()).isAfterOrEqualTo(failed.stopDate());
        api.awaitEnd(arn);

        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(d.output())).isEqualTo(Json.parse("{\"id\": 3, \"attempt\": 2}"));
        assertThat(d.redriveCount()).isEqualTo(1);
        assertThat(d.redriveDate()).isEqualTo(redriven.redriveDate());
        assertThat(d.error()).isNull();

        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine).redriveFilter(ExecutionRedriveFilter.REDRIVEN)).executions())
                .singleElement().satisfies(e -> assertThat(e.redriveCount()).isEqualTo(1));
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine).redriveFilter(ExecutionRedriveFilter.NOT_REDRIVEN)).executions()).isEmpty();
        assertThat(api.sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events())
                .extracting(HistoryEvent::type).contains(HistoryEventType.EXECUTION_REDRIVEN);
    }

    @Test
    void aSucceededExecutionCannotBeRedriven() {
        String arn = run(api.create("chain", CHAIN), "{}");
        assertThatThrownBy(() -> api.sfn.redriveExecution(b -> b.executionArn(arn))).isInstanceOf(ExecutionNotRedrivableException.class);
    }
}
