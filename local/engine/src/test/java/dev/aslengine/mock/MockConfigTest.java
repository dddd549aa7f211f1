package dev.aslengine.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mock configuration of Step Functions Local, read as its documentation describes it. */
public class MockConfigTest {
    /** The documentation's example written out in the repository: the mock configuration and its state machine. */
    public static final Path EXAMPLES = Path.of("../../examples/mock-config");

    public static MockConfig example() throws IOException {
        Path file = EXAMPLES.resolve("MockConfigFile.json");
        return MockConfig.parse(Files.readString(file), file.toString());
    }

    public static String exampleDefinition() throws IOException {
        return Files.readString(EXAMPLES.resolve("LambdaSQSIntegration.asl.json"));
    }

    private static String problem(String json) {
        try {
            MockConfig.parse(json, "mocks.json");
        } catch (MockConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void theDocumentationsExampleIsReadUnchanged() throws IOException {
        MockConfig config = example();
        assertThat(config.testCaseNames()).containsOnlyKeys("LambdaSQSIntegration");
        assertThat(config.testCaseNames().get("LambdaSQSIntegration")).containsExactlyInAnyOrder("HappyPath", "RetryPath", "HybridPath", "NotReadyPath");
        MockConfig.TestCase hybrid = config.testCase("LambdaSQSIntegration", "HybridPath");
        assertThat(hybrid.states()).containsOnlyKeys("LambdaState");
        assertThat(config.testCase("LambdaSQSIntegration", "NoSuchCase")).isNull();
        assertThat(config.testCase("Other", "HappyPath")).isNull();
    }

    @Test
    void invocationsAreCountedFromZeroThroughTheirRangesAndThePastTheLastRepeatsIt() throws IOException {
        MockConfig.MockedResponse retry = example().testCase("LambdaSQSIntegration", "RetryPath").states().get("LambdaState");
        assertThat(retry.invocation(0).error()).isEqualTo("Lambda.ResourceNotReadyException");
        assertThat(retry.invocation(1).error()).isEqualTo("Lambda.TimeoutException");
        assertThat(retry.invocation(2).error()).isEqualTo("Lambda.TimeoutException");
        assertThat(retry.invocation(3).resultOrThrow()).isEqualTo(Json.parse(
                "{\"StatusCode\": 200, \"Payload\": {\"StatusCode\": 200, \"body\": \"Hi from the mocked function\"}}"));
        assertThat(retry.invocation(9).error()).isNull();
        assertThatThrownBy(() -> retry.invocation(0).resultOrThrow()).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(Set.of(e.error(), e.cause())).containsExactlyInAnyOrder("Lambda.ResourceNotReadyException",
                        "The mocked function is not ready yet."));
    }

    @Test
    void aBadFileIsRefusedNamingTheFileAndTheField() {
        assertThat(problem("[]")).isEqualTo("mocks.json: (the document) must be a JSON object with StateMachines and MockedResponses");
        assertThat(problem("{\"StateMachines\": {}, ")).startsWith("mocks.json: not valid JSON: ");
        assertThat(problem("{\"StateMachines\": {}}")).isEqualTo("mocks.json: MockedResponses is missing");
        assertThat(problem("{\"StateMachines\": {}, \"MockedResponses\": {}, \"Mocks\": {}}"))
                .isEqualTo("mocks.json: Mocks is not a field of a mock configuration (expected StateMachines and MockedResponses)");
        assertThat(problem("""
                {"StateMachines": {"M": {"TestCases": {"T": {"S": "Missing"}}}}, "MockedResponses": {"R": {"0": {"Return": 1}}}}"""))
                .isEqualTo("mocks.json: StateMachines.M.TestCases.T.S names the mocked response 'Missing', which MockedResponses"
                        + " does not define (it has: R)");
        assertThat(problem("""
                {"StateMachines": {"M": {"TestCase": {}}}, "MockedResponses": {}}"""))
                .isEqualTo("mocks.json: StateMachines.M.TestCase is not a field of a state machine's mocks (expected TestCases)");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R.0 must have exactly one field, Return or Throw");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Throw": {"Cause": "why"}}}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R.0.Throw.Error must be the error's name, a non-empty string");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {"first": {"Return": 1}}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R.first must name invocations as a number from 0 (\"0\") or a range (\"1-2\")");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Return": 1}, "3-2": {"Return": 2}}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R.3-2 is a range that ends before it starts");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R.2 leaves invocation 1 unmocked (the invocations must follow on from \"0\")");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {"0-1": {"Return": 1}, "1": {"Return": 2}}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R.1 overlaps invocation 1, which another field already mocks");
        assertThat(problem("""
                {"StateMachines": {}, "MockedResponses": {"R": {}}}"""))
                .isEqualTo("mocks.json: MockedResponses.R must have at least invocation \"0\"");
    }
}
