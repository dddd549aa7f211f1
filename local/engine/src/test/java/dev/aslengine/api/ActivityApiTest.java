package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ActivityListItem;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Activities: their CRUD, and a worker polling GetActivityTask and answering with the token, as a Task state waits. */
@IntegrationTest
class ActivityApiTest {
    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    private static String machine(String activityArn, String extra) {
        return """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", %s "End": true}}}""".formatted(activityArn, extra);
    }

    private GetActivityTaskResponse poll(String activityArn, String worker) {
        return api.sfn.getActivityTask(b -> b.activityArn(activityArn).workerName(worker));
    }

    private List<HistoryEvent> history(String executionArn) {
        return api.sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events();
    }

    @Test
    void activitiesAreCreatedIdempotentlyDescribedListedTaggedAndDeleted() {
        var created = api.sfn.createActivity(b -> b.name("approve").tags(Tag.builder().key("team").value("data").build()));
        assertThat(created.activityArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:activity:approve");
        assertThat(api.sfn.createActivity(b -> b.name("approve")).activityArn()).isEqualTo(created.activityArn());
        api.sfn.createActivity(b -> b.name("archive"));
        var d = api.sfn.describeActivity(b -> b.activityArn(created.activityArn()));
        assertThat(d.name()).isEqualTo("approve");
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(api.sfn.listTagsForResource(b -> b.resourceArn(created.activityArn())).tags()).hasSize(1);

        var page = api.sfn.listActivities(b -> b.maxResults(1));
        assertThat(page.activities()).extracting(ActivityListItem::name).containsExactly("approve");
        assertThat(api.sfn.listActivities(b -> b.nextToken(page.nextToken())).activities()).extracting(ActivityListItem::name)
                .containsExactly("archive");

        api.sfn.deleteActivity(b -> b.activityArn(created.activityArn()));
        assertThatThrownBy(() -> api.sfn.describeActivity(b -> b.activityArn(created.activityArn())))
                .isInstanceOf(ActivityDoesNotExistException.class);
        assertThatThrownBy(() -> poll(created.activityArn(), "w")).isInstanceOf(ActivityDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.describeActivity(b -> b.activityArn("arn:aws:states:us-east-1:123456789012:stateMachine:x")))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void aTaskOnAnActivityWaitsForAWorkerWhoseAnswerIsItsResult() throws Exception {
        String activity = api.sfn.createActivity(b -> b.name("approve")).activityArn();
        String machine = api.create("approval", machine(activity, "\"ResultPath\": \"$.approval\","));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"id\": 7}")).executionArn();

        GetActivityTaskResponse task = poll(activity, "worker-1");
        assertThat(Json.parse(task.input())).isEqualTo(Json.parse("{\"id\": 7}"));
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).status()).isEqualTo(ExecutionStatus.RUNNING);
        api.sfn.sendTaskHeartbeat(b -> b.taskToken(task.taskToken()));
        api.sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"approved\": true}"));
        api.awaitEnd(execution);

        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(d.output())).isEqualTo(Json.parse("{\"id\": 7, \"approval\": {\"approved\": true}}"));
        List<HistoryEvent> events = history(execution);
        assertThat(events).extracting(HistoryEvent::type).containsSubsequence(HistoryEventType.ACTIVITY_SCHEDULED,
                HistoryEventType.ACTIVITY_STARTED, HistoryEventType.ACTIVITY_SUCCEEDED);
        HistoryEvent scheduled = events.stream().filter(e -> e.type() == HistoryEventType.ACTIVITY_SCHEDULED).findFirst().orElseThrow();
        assertThat(scheduled.activityScheduledEventDetails().resource()).isEqualTo(activity);
        HistoryEvent started = events.stream().filter(e -> e.type() == HistoryEventType.ACTIVITY_STARTED).findFirst().orElseThrow();
        assertThat(started.activityStartedEventDetails().workerName()).isEqualTo("worker-1");

        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{}")))
                .isInstanceOf(TaskTimedOutException.class);
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken("not-a-token").output("{}")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aWorkersFailureFailsTheTaskWithItsErrorAndCause() {
        String activity = api.sfn.createActivity(b -> b.name("approve")).activityArn();
        String machine = api.create("approval", machine(activity, ""));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        String token = poll(activity, "w").taskToken();
        api.sfn.sendTaskFailure(b -> b.taskToken(token).error("Rejected").cause("not this time"));
        api.awaitEnd(execution);
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Rejected");
        assertThat(d.cause()).isEqualTo("not this time");
        assertThat(history(execution)).extracting(HistoryEvent::type).contains(HistoryEventType.ACTIVITY_FAILED);
    }

    @Test
    void aWorkerThatStopsHeartbeatingTimesTheTaskOut() {
        String activity = api.sfn.createActivity(b -> b.name("approve")).activityArn();
        String machine = api.create("approval", machine(activity, "\"HeartbeatSeconds\": 1,"));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        assertThat(poll(activity, "w").taskToken()).isNotNull();
        api.awaitEnd(execution);
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(history(execution)).extracting(HistoryEvent::type).contains(HistoryEventType.ACTIVITY_TIMED_OUT);
    }

    @Test
    void aPollWithNothingScheduledAnswersWithoutATaskAndATimedOutTaskIsNotHandedOut() {
        String activity = api.sfn.createActivity(b -> b.name("approve")).activityArn();
        GetActivityTaskResponse none = poll(activity, "w");
        assertThat(none.taskToken()).isNull();
        assertThat(none.input()).isNull();

        String machine = api.create("approval", machine(activity, "\"TimeoutSeconds\": 1,"));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        api.awaitEnd(execution);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).error()).isEqualTo("States.Timeout");
        assertThat(poll(activity, "late").taskToken()).isNull();
    }

    @Test
    void aTaskOnAnActivityThatDoesNotExistFailsTheExecution() {
        String machine = api.create("approval", machine("arn:aws:states:us-east-1:123456789012:activity:none", ""));
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        api.awaitEnd(execution);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(history(execution)).extracting(HistoryEvent::type).contains(HistoryEventType.ACTIVITY_SCHEDULE_FAILED);
    }
}
