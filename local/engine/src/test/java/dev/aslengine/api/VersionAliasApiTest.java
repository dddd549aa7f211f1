package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** Versions and aliases: PublishStateMachineVersion, the alias actions, and executions started through qualified ARNs. */
@IntegrationTest
class VersionAliasApiTest {
    private static final String ONE = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": \"one\", \"End\": true}}}";
    private static final String TWO = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": \"two\", \"End\": true}}}";

    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    private String output(String executionArn) {
        api.awaitEnd(executionArn);
        return Json.parse(api.sfn.describeExecution(b -> b.executionArn(executionArn)).output()).asText();
    }

    private static RoutingConfigurationListItem route(String versionArn, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(versionArn).weight(weight).build();
    }

    @Test
    void aVersionKeepsItsRevisionAcrossUpdatesAndExecutionsNameIt() {
        String machine = api.create("orders", ONE);
        var published = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).description("first"));
        assertThat(published.stateMachineVersionArn()).isEqualTo(machine + ":1");
        api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(TWO));

        String viaVersion = api.sfn.startExecution(b -> b.stateMachineArn(machine + ":1").name("v1")).executionArn();
        assertThat(viaVersion).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:v1");
        assertThat(output(viaVersion)).isEqualTo("one");
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(viaVersion));
        assertThat(d.stateMachineArn()).isEqualTo(machine);
        assertThat(d.stateMachineVersionArn()).isEqualTo(machine + ":1");
        assertThat(d.stateMachineAliasArn()).isNull();
        assertThat(output(api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn())).isEqualTo("two");

        var version = api.sfn.describeStateMachine(b -> b.stateMachineArn(machine + ":1"));
        assertThat(version.stateMachineArn()).isEqualTo(machine + ":1");
        assertThat(version.definition()).isEqualTo(ONE);
        assertThat(version.description()).isEqualTo("first");
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine + ":1")).executions())
                .extracting(e -> e.executionArn()).containsExactly(viaVersion);
    }

    @Test
    void publishingAnUnchangedRevisionAgainAnswersTheSameVersionAndAStaleRevisionIsAConflict() {
        String machine = api.create("orders", ONE);
        String first = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
        assertThat(api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn()).isEqualTo(first);
        String revision = api.sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId();
        var updated = api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(TWO).publish(true).versionDescription("two"));
        assertThat(updated.stateMachineVersionArn()).isEqualTo(machine + ":2");
        assertThat(updated.revisionId()).isNotEqualTo(revision);
        assertThatThrownBy(() -> api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).revisionId(revision)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void versionsAreListedNewestFirstInPagesAndADeletedNumberIsNotReused() {
        String machine = api.sfn.createStateMachine(b -> b.name("orders").definition(ONE).roleArn(SfnEndpoint.ROLE).publish(true))
                .stateMachineArn();
        api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(TWO).publish(true));
        api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(ONE).publish(true));
        var page = api.sfn.listStateMachineVersions(b -> b.stateMachineArn(machine).maxResults(2));
        assertThat(page.stateMachineVersions()).extracting(StateMachineVersionListItem::stateMachineVersionArn)
                .containsExactly(machine + ":3", machine + ":2");
        var rest = api.sfn.listStateMachineVersions(b -> b.stateMachineArn(machine).maxResults(2).nextToken(page.nextToken()));
        assertThat(rest.stateMachineVersions()).extracting(StateMachineVersionListItem::stateMachineVersionArn).containsExactly(machine + ":1");
        assertThat(rest.nextToken()).isNull();

        api.sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine + ":3"));
        api.sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine + ":3"));
        api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(TWO));
        assertThat(api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn()).isEqualTo(machine + ":4");
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine + ":3")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine)))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void anAliasRoutesByWeightAndExecutionsNameTheAliasAndTheVersion() {
        String machine = api.create("orders", ONE);
        String v1 = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
        api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(TWO));
        String v2 = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
        var created = api.sfn.createStateMachineAlias(b -> b.name("live").description("canary")
                .routingConfiguration(route(v1, 80), route(v2, 20)));
        String alias = created.stateMachineAliasArn();
        assertThat(alias).isEqualTo(machine + ":live");

        Map<String, Integer> byVersion = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String e = api.sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
            DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(e));
            assertThat(d.stateMachineAliasArn()).isEqualTo(alias);
            byVersion.merge(d.stateMachineVersionArn(), 1, Integer::sum);
        }
        assertThat(byVersion.keySet()).containsExactlyInAnyOrder(v1, v2);
        assertThat(byVersion.get(v1)).isBetween(130, 190);

        api.sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(alias).routingConfiguration(route(v2, 100)));
        var described = api.sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias));
        assertThat(described.name()).isEqualTo("live");
        assertThat(described.description()).isEqualTo("canary");
        assertThat(described.routingConfiguration()).containsExactly(route(v2, 100));
        assertThat(described.updateDate()).isAfterOrEqualTo(described.creationDate());
        assertThat(output(api.sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn())).isEqualTo("two");
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(alias).maxResults(1000)).executions()).hasSize(201);
    }

    @Test
    void aliasesAreListedForTheirMachineOrVersionAndAVersionInUseCannotBeDeleted() {
        String machine = api.create("orders", ONE);
        String v1 = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
        api.sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(v1, 100)));
        api.sfn.createStateMachineAlias(b -> b.name("beta").routingConfiguration(route(v1, 100)));
        assertThat(api.sfn.listStateMachineAliases(b -> b.stateMachineArn(machine)).stateMachineAliases()).hasSize(2);
        assertThat(api.sfn.listStateMachineAliases(b -> b.stateMachineArn(v1)).stateMachineAliases()).hasSize(2);
        var page = api.sfn.listStateMachineAliases(b -> b.stateMachineArn(machine).maxResults(1));
        assertThat(page.nextToken()).isNotNull();
        assertThat(api.sfn.listStateMachineAliases(b -> b.stateMachineArn(machine).nextToken(page.nextToken())).stateMachineAliases())
                .hasSize(1).doesNotContainAnyElementsOf(page.stateMachineAliases());

        assertThatThrownBy(() -> api.sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(v1))).isInstanceOf(ConflictException.class);
        api.sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(machine + ":live"));
        api.sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(machine + ":beta"));
        api.sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(v1));
        assertThatThrownBy(() -> api.sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(machine + ":live")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aliasRoutingIsCheckedAsTheServiceChecksIt() {
        String machine = api.create("orders", ONE);
        String v1 = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
        assertThatThrownBy(() -> api.sfn.createStateMachineAlias(b -> b.name("half").routingConfiguration(route(v1, 50))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("100");
        assertThatThrownBy(() -> api.sfn.createStateMachineAlias(b -> b.name("gone").routingConfiguration(route(machine + ":9", 100))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.sfn.createStateMachineAlias(b -> b.name("42").routingConfiguration(route(v1, 100))))
                .isInstanceOf(ValidationException.class);
        api.sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(v1, 100)));
        api.sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(v1, 100)));
        assertThatThrownBy(() -> api.sfn.createStateMachineAlias(b -> b.name("live").description("other").routingConfiguration(route(v1, 100))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> api.sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(v1))).isInstanceOf(InvalidArnException.class);
    }

    @Test
    void deletingAStateMachineDeletesItsVersionsAndAliases() {
        String machine = api.create("orders", ONE);
        String v1 = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
        api.sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(v1, 100)));
        api.sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn(v1))).isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(machine + ":live")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(List.of(machine)).isNotEmpty();
    }

    @Test
    void describeStateMachineForExecutionGivesTheDefinitionTheExecutionRan() {
        String machine = api.create("orders", ONE);
        String first = api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        api.awaitEnd(first);
        api.sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(TWO));
        var d = api.sfn.describeStateMachineForExecution(b -> b.executionArn(first));
        assertThat(d.stateMachineArn()).isEqualTo(machine);
        assertThat(d.name()).isEqualTo("orders");
        assertThat(d.definition()).isEqualTo(ONE);
        assertThat(d.roleArn()).isEqualTo(SfnEndpoint.ROLE);
        assertThat(d.updateDate()).isNotNull();
        assertThat(d.revisionId()).isNotEqualTo(api.sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId());
        assertThatThrownBy(() -> api.sfn.describeStateMachineForExecution(b -> b.executionArn(first + "x")))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.describeStateMachineForExecution(b -> b.executionArn(machine)))
                .isInstanceOf(InvalidArnException.class);
    }
}
