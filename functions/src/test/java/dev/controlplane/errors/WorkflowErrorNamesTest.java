package dev.controlplane.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The error names the state machines match are a declared contract (see this package's comment): every
 * {@code ErrorEquals} of every definition in {@code statemachines/} names the language's own errors, an AWS
 * integration's, a {@code Fail} state's of the same workflow or a class of {@code dev.controlplane.errors}; and
 * every class there is named by a workflow and thrown by the functions' code.
 */
class WorkflowErrorNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STATE_MACHINES = Path.of("..", "statemachines");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path CONTRACT_SOURCES = SOURCES.resolve("dev/controlplane/errors");
    private static final String CONTRACT_PACKAGE = "dev.controlplane.errors.";

    /** The errors the States language defines (the Amazon States Language specification's table). */
    private static final Set<String> STATES_ERRORS = Set.of("States.ALL", "States.HeartbeatTimeout", "States.Timeout",
            "States.TaskFailed", "States.Permissions", "States.ResultPathMatchFailure", "States.ParameterPathFailure",
            "States.QueryEvaluationError", "States.BranchFailed", "States.NoChoiceMatched", "States.IntrinsicFailure",
            "States.ExceedToleratedFailureThreshold", "States.ItemReaderFailed", "States.ResultWriterFailed",
            "States.Runtime");
    /** The errors of the AWS integrations the workflows call: {@code Lambda.*} for functions, {@code DynamoDB.*}, {@code EventBridge.*}. */
    private static final Pattern INTEGRATION_ERROR = Pattern.compile("(Lambda|DynamoDB|EventBridge)\\.[A-Z][A-Za-z]*");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("([a-z_]\\w*\\.)+[A-Z][\\w$]*");

    @Test
    void everyErrorAWorkflowMatchesIsInTheContract() throws IOException {
        Set<String> contract = contract();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, JsonNode> definition : definitions().entrySet()) {
            problems.addAll(problems(definition.getKey().getFileName().toString(), definition.getValue(), contract));
        }
        assertThat(problems).as("ErrorEquals names outside the contract").isEmpty();
    }

    @Test
    void everyErrorOfTheContractIsMatchedByAWorkflow() throws IOException {
        Set<String> named = new TreeSet<>();
        for (JsonNode definition : definitions().values()) {
            matches(definition, "", (where, name) -> named.add(name));
        }
        assertThat(named).as("names the workflows match").containsAll(contract());
    }

    @Test
    void everyErrorOfTheContractHasAThrower() throws IOException {
        List<String> unthrown = new ArrayList<>();
        for (String error : contract()) {
            String simpleName = error.substring(CONTRACT_PACKAGE.length());
            if (throwers(error, simpleName).isEmpty()) {
                unthrown.add(error + ": no class outside " + CONTRACT_SOURCES + " imports it and constructs it");
            }
        }
        assertThat(unthrown).isEmpty();
    }

    @Test
    void contractNamesAreTheBinaryNamesTheRuntimeReportsAndFollowTheNamingRule() throws Exception {
        for (String error : contract()) {
            Class<?> type = Class.forName(error);
            assertThat(Throwable.class.isAssignableFrom(type)).as(error + " is thrown").isTrue();
            assertThat(type.getName()).as("what Lambda reports as errorType").isEqualTo(error);
            assertThat(type.getSimpleName()).as("<Name>Exception, reported by the Failed states as <Name>").endsWith("Exception");
        }
    }

    @Test
    void javaClassOutsideTheContractAndUnknownNamesAreReported() throws IOException {
        JsonNode definition = JSON.readTree("""
                {"StartAt": "Submit", "States": {
                  "Submit": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                    "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "dev.controlplane.aws.AwsUnavailableException",
                                               "dev.controlplane.errors.AwsUnavailableException"]}],
                    "Catch": [{"ErrorEquals": ["java.lang.IllegalStateException", "Gone", "Refused", "States.Nope"],
                               "Next": "Refused"}]},
                  "Refused": {"Type": "Fail", "Error": "Refused"}}}""");

        assertThat(problems("example.asl.json", definition, Set.of("dev.controlplane.errors.AwsUnavailableException")))
                .containsExactly(
                        "example.asl.json: Submit matches dev.controlplane.aws.AwsUnavailableException, a Java class outside"
                                + " dev.controlplane.errors (the declared error names)",
                        "example.asl.json: Submit matches java.lang.IllegalStateException, a Java class outside"
                                + " dev.controlplane.errors (the declared error names)",
                        "example.asl.json: Submit matches Gone, which no Fail state of this workflow raises",
                        "example.asl.json: Submit matches States.Nope, which the States language does not define");
    }

    /** What is wrong with the names a definition's ErrorEquals give, one line each. */
    static List<String> problems(String file, JsonNode definition, Set<String> contract) {
        Set<String> raised = new TreeSet<>();
        failErrors(definition, raised);
        List<String> problems = new ArrayList<>();
        matches(definition, "", (where, name) -> {
            if (name.startsWith("States.")) {
                if (!STATES_ERRORS.contains(name)) {
                    problems.add(file + ": " + where + " matches " + name + ", which the States language does not define");
                }
            } else if (INTEGRATION_ERROR.matcher(name).matches() || contract.contains(name) || raised.contains(name)) {
                return;
            } else if (JAVA_CLASS_NAME.matcher(name).matches()) {
                problems.add(file + ": " + where + " matches " + name + ", a Java class outside "
                        + CONTRACT_PACKAGE.substring(0, CONTRACT_PACKAGE.length() - 1) + " (the declared error names)");
            } else {
                problems.add(file + ": " + where + " matches " + name + ", which no Fail state of this workflow raises");
            }
        });
        return problems;
    }

    private interface NameVisitor {
        void visit(String state, String name);
    }

    /** Every ErrorEquals entry with the state (nested states joined with '/') it belongs to. */
    private static void matches(JsonNode node, String state, NameVisitor visitor) {
        if (node.isArray()) {
            for (JsonNode item : node) matches(item, state, visitor);
            return;
        }
        if (!node.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("ErrorEquals")) {
                for (JsonNode name : field.getValue()) visitor.visit(state, name.asText());
            } else if (field.getKey().equals("States") && field.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> states = field.getValue().fields(); states.hasNext(); ) {
                    Map.Entry<String, JsonNode> inner = states.next();
                    matches(inner.getValue(), state.isEmpty() ? inner.getKey() : state + "/" + inner.getKey(), visitor);
                }
            } else {
                matches(field.getValue(), state, visitor);
            }
        }
    }

    /** The literal errors the Fail states raise (an expression's result is no name a Catch can rely on). */
    private static void failErrors(JsonNode node, Set<String> raised) {
        if (node.isObject() && "Fail".equals(node.path("Type").asText()) && node.path("Error").isTextual()
                && !node.path("Error").asText().startsWith("{%")) {
            raised.add(node.path("Error").asText());
        }
        for (JsonNode child : node) failErrors(child, raised);
    }

    private static Map<Path, JsonNode> definitions() throws IOException {
        Map<Path, JsonNode> definitions = new TreeMap<>();
        try (Stream<Path> files = Files.list(STATE_MACHINES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).toList()) {
                definitions.put(file, JSON.readTree(file.toFile()));
            }
        }
        assertThat(definitions).as("state machines in " + STATE_MACHINES).hasSizeGreaterThanOrEqualTo(4);
        return definitions;
    }

    /** The declared error names: the binary names of this package's classes. */
    private static Set<String> contract() throws IOException {
        Set<String> contract = new TreeSet<>();
        try (Stream<Path> files = Files.list(CONTRACT_SOURCES)) {
            files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".java") && !name.equals("package-info.java"))
                    .forEach(name -> contract.add(CONTRACT_PACKAGE + name.substring(0, name.length() - ".java".length())));
        }
        assertThat(contract).as("classes in " + CONTRACT_SOURCES).isNotEmpty();
        return contract;
    }

    /** The main sources outside the contract's package that import the error and construct it. */
    private static List<Path> throwers(String error, String simpleName) throws IOException {
        Pattern imported = Pattern.compile("^import " + Pattern.quote(error) + ";", Pattern.MULTILINE);
        Pattern constructed = Pattern.compile("\\bnew " + Pattern.quote(simpleName) + "\\(");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> throwers = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(CONTRACT_SOURCES)).toList()) {
                String source = Files.readString(file);
                if (imported.matcher(source).find() && constructed.matcher(source).find()) throwers.add(file);
            }
            return throwers;
        }
    }
}
