package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionDiagnostic;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionSeverity;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@IntegrationTest
class ValidateDefinitionApiTest {
    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    private ValidateStateMachineDefinitionResponse validate(String definition, ValidateStateMachineDefinitionSeverity severity) {
        return api.sfn.validateStateMachineDefinition(b -> b.definition(definition).severity(severity));
    }

    @Test
    void aValidDefinitionIsOkWithoutDiagnostics() {
        var r = validate("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", null);
        assertThat(r.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void aMissingTargetIsAnErrorWithItsCodeAndLocation() {
        var r = validate("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nope\"}}}", null);
        assertThat(r.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        ValidateStateMachineDefinitionDiagnostic d = r.diagnostics().get(0);
        assertThat(d.severity()).isEqualTo(ValidateStateMachineDefinitionSeverity.ERROR);
        assertThat(d.code()).isEqualTo("MISSING_TRANSITION_TARGET");
        assertThat(d.location()).isEqualTo("/States/A/Next");
        assertThat(d.message()).contains("Nope");
    }

    @Test
    void invalidJsonIsInvalidJsonDescription() {
        var r = validate("{\"StartAt\": ", null);
        assertThat(r.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(r.diagnostics()).extracting(ValidateStateMachineDefinitionDiagnostic::code).containsExactly("INVALID_JSON_DESCRIPTION");
    }

    @Test
    void aBadResourceIsInvalidResourceAndASchemaProblemIsSchemaValidationFailed() {
        var r = validate("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "nope", "Next": "W"},
                 "W": {"Type": "Wait", "End": true}}}""", null);
        assertThat(r.diagnostics()).extracting(ValidateStateMachineDefinitionDiagnostic::code)
                .contains("INVALID_RESOURCE", "SCHEMA_VALIDATION_FAILED");
        assertThat(r.diagnostics()).filteredOn(d -> d.code().equals("INVALID_RESOURCE"))
                .extracting(ValidateStateMachineDefinitionDiagnostic::location).containsExactly("/States/T/Resource");
    }

    @Test
    void warningsAreReportedOnlyWhenAskedForAndLeaveTheResultOk() {
        String definition = """
                {"StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Parameters": {"id": "$.order.id"}, "Next": "R"},
                  "R": {"Type": "Pass", "Result": {"v.$": "$.x"}, "Next": "C"},
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEquals": "$.b", "Next": "F"}], "Default": "F"},
                  "F": {"Type": "Fail", "Error": "Failed"}}}""";
        assertThat(validate(definition, null).diagnostics()).isEmpty();
        var r = validate(definition, ValidateStateMachineDefinitionSeverity.WARNING);
        assertThat(r.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(r.diagnostics()).extracting(d -> d.code() + " " + d.location()).containsExactlyInAnyOrder(
                "NO_DOLLAR /States/P/Parameters/id", "PASS_RESULT_IS_STATIC /States/R/Result/v.$",
                "NO_PATH /States/C/Choices/0/StringEquals");
        assertThat(r.diagnostics()).allMatch(d -> d.severity() == ValidateStateMachineDefinitionSeverity.WARNING);
    }

    @Test
    void anExpressMachineCannotWaitForATaskToken() {
        String definition = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "End": true}}}""";
        assertThat(api.sfn.validateStateMachineDefinition(b -> b.definition(definition)).result())
                .isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        var r = api.sfn.validateStateMachineDefinition(b -> b.definition(definition).type(StateMachineType.EXPRESS));
        assertThat(r.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(r.diagnostics().get(0).location()).isEqualTo("/States/T/Resource");
    }

    @Test
    void maxResultsTruncatesTheDiagnostics() {
        var r = api.sfn.validateStateMachineDefinition(b -> b.maxResults(1).definition(
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"X\"}, \"B\": {\"Type\": \"Pass\", \"Next\": \"Y\"}}}"));
        assertThat(r.diagnostics()).hasSize(1);
        assertThat(r.truncated()).isTrue();
        assertThatThrownBy(() -> api.sfn.validateStateMachineDefinition(b -> b.maxResults(101).definition("{}")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aMissingDefinitionIsAValidationException() {
        assertThatThrownBy(() -> api.sfn.validateStateMachineDefinition(b -> b.type(StateMachineType.STANDARD)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("definition");
    }
}
