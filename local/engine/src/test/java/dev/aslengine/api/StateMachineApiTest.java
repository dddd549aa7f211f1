package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@IntegrationTest
class StateMachineApiTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": \"one\", \"End\": true}}}";
    private static final String PASS_TWO = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": \"two\", \"End\": true}}}";

    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aCreatedStateMachineIsDescribedWithItsDefinitionRoleTypeAndCreationDate() {
        Instant before = Instant.now().minusSeconds(1);
        var created = api.sfn.createStateMachine(b -> b.name("orders").definition(PASS).roleArn(SfnEndpoint.ROLE));
        assertThat(created.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:orders");
        assertThat(created.creationDate()).isAfter(before);

        DescribeStateMachineResponse d = api.sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
        assertThat(d.name()).isEqualTo("orders");
        assertThat(d.definition()).isEqualTo(PASS);
        assertThat(d.roleArn()).isEqualTo(SfnEndpoint.ROLE);
        assertThat(d.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(d.status()).isEqualTo(StateMachineStatus.ACTIVE);
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(d.loggingConfiguration().level()).isEqualTo(LogLevel.OFF);
        assertThat(d.tracingConfiguration().enabled()).isFalse();
    }

    @Test
    void creatingTheSameStateMachineAgainIsIdempotentButAnotherDefinitionUnderTheNameIsRefused() {
        String arn = api.create("orders", PASS);
        assertThat(api.create("orders", PASS)).isEqualTo(arn);
        assertThatThrownBy(() -> api.create("orders", PASS_TWO)).isInstanceOf(StateMachineAlreadyExistsException.class);
    }

    @Test
    void listStateMachinesPagesThroughAllByName() {
        api.create("c", PASS);
        api.create("a", PASS);
        api.create("b", PASS);
        ListStateMachinesResponse first = api.sfn.listStateMachines(b -> b.maxResults(2));
        assertThat(first.stateMachines()).extracting(StateMachineListItem::name).containsExactly("a", "b");
        assertThat(first.stateMachines().get(0).type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(first.stateMachines().get(0).creationDate()).isNotNull();
        assertThat(first.nextToken()).isNotNull();
        ListStateMachinesResponse second = api.sfn.listStateMachines(b -> b.maxResults(2).nextToken(first.nextToken()));
        assertThat(second.stateMachines()).extracting(StateMachineListItem::name).containsExactly("c");
        assertThat(second.nextToken()).isNull();
        assertThat(api.sfn.listStateMachinesPaginator(b -> b.maxResults(1)).stateMachines())
                .extracting(StateMachineListItem::name).containsExactly("a", "b", "c");
    }

    @Test
    void anUpdatedDefinitionRunsInTheNextExecution() {
        String arn = api.create("orders", PASS);
        var updated = api.sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS_TWO));
        assertThat(updated.updateDate()).isNotNull();
        assertThat(api.sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).isEqualTo(PASS_TWO);
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
        api.awaitEnd(execution);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).output()).isEqualTo("\"two\"");
    }

    @Test
    void anUpdateOfARoleKeepsTheDefinition() {
        String arn = api.create("orders", PASS);
        String role = "arn:aws:iam::123456789012:role/Other";
        api.sfn.updateStateMachine(b -> b.stateMachineArn(arn).roleArn(role));
        DescribeStateMachineResponse d = api.sfn.describeStateMachine(b -> b.stateMachineArn(arn));
        assertThat(d.roleArn()).isEqualTo(role);
        assertThat(d.definition()).isEqualTo(PASS);
    }

    @Test
    void anUpdateWithNothingToChangeIsMissingRequiredParameter() {
        String arn = api.create("orders", PASS);
        assertThatThrownBy(() -> api.sfn.updateStateMachine(b -> b.stateMachineArn(arn)))
                .isInstanceOf(MissingRequiredParameterException.class);
    }

    @Test
    void anUpdateWithABrokenDefinitionIsInvalidDefinitionAndKeepsTheOldOne() {
        String arn = api.create("orders", PASS);
        assertThatThrownBy(() -> api.sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition("{\"StartAt\": \"Nowhere\", \"States\": {}}")))
                .isInstanceOf(InvalidDefinitionException.class);
        assertThat(api.sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).isEqualTo(PASS);
    }

    @Test
    void aDeletedStateMachineNoLongerExistsAndDeletingItAgainSucceeds() {
        String arn = api.create("orders", PASS);
        api.sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn(arn)))
                .isInstanceOf(StateMachineDoesNotExistException.class)
                .hasMessageContaining(arn);
        api.sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
        assertThat(api.sfn.listStateMachines(b -> {}).stateMachines()).isEmpty();
    }

    @Test
    void aDefinitionThatIsNotValidAslIsInvalidDefinition() {
        assertThatThrownBy(() -> api.create("broken", "{\"StartAt\": \"Missing\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Missing");
        assertThatThrownBy(() -> api.create("broken", "not json")).isInstanceOf(InvalidDefinitionException.class);
        assertThat(api.sfn.listStateMachines(b -> {}).stateMachines()).isEmpty();
    }

    @Test
    void aNameWithForbiddenCharactersIsInvalidName() {
        assertThatThrownBy(() -> api.create("my machine", PASS)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void aNameLongerThan80CharactersBreaksTheModelConstraint() {
        assertThatThrownBy(() -> api.create("n".repeat(81), PASS))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'name'");
    }

    @Test
    void aRoleThatIsNotAnIamRoleArnIsInvalidArn() {
        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("orders").definition(PASS).roleArn("StatesRole")))
                .isInstanceOf(InvalidArnException.class)
                .hasMessageContaining("roleArn");
    }

    @Test
    void aMissingRoleIsAValidationErrorNamingTheMember() {
        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("orders").definition(PASS)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void describingAnUnknownStateMachineIsStateMachineDoesNotExist() {
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:nope")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void anExecutionArnWhereAStateMachineArnBelongsIsInvalidArn() {
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:execution:m:e")))
                .isInstanceOf(InvalidArnException.class)
                .hasMessageContaining("Resource type not valid in this context: execution");
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn("orders")))
                .isInstanceOf(InvalidArnException.class)
                .hasMessageContaining("Invalid ARN prefix");
    }

    @Test
    void aListTokenThatNoListingHandedOutIsInvalidToken() {
        assertThatThrownBy(() -> api.sfn.listStateMachines(b -> b.nextToken("garbage!")))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
    }
}
