package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** AWS's bounds on names and execution input, as the SDK sees them answered. */
@IntegrationTest
class QuotaApiTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";
    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aNameOver80CharactersIsAValidationErrorAndAForbiddenCharacterInvalidName() {
        String machine = api.create("m", PASS);
        assertThat(api.sfn.startExecution(s -> s.stateMachineArn(machine).name("e".repeat(80))).executionArn()).endsWith(":" + "e".repeat(80));
        assertThatThrownBy(() -> api.sfn.startExecution(s -> s.stateMachineArn(machine).name("e".repeat(81))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Member must have length less than or equal to 80");
        assertThatThrownBy(() -> api.sfn.startExecution(s -> s.stateMachineArn(machine).name("line\u0085break")))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> api.create("m".repeat(81), PASS)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> api.create("semi;colon", PASS)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void anInputOver256KiBIsRefused() {
        String machine = api.create("m", PASS);
        assertThatThrownBy(() -> api.sfn.startExecution(s -> s.stateMachineArn(machine).input("\"" + "x".repeat(262_144) + "\"")))
                .as("over the API's 262,144 characters").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> api.sfn.startExecution(s -> s.stateMachineArn(machine).input("\"" + "é".repeat(140_000) + "\"")))
                .as("under the characters, over the 262,144 UTF-8 bytes").isInstanceOf(InvalidExecutionInputException.class);
    }
}
