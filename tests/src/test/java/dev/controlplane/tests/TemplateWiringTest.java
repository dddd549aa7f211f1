package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against the code it deploys: every state machine's definition file exists, its placeholders are all
 * substituted and no substitution is left unused (except the ones {@link #OPTIONAL_SUBSTITUTIONS} names), every
 * substituted function exists in the template, every handler class exists and is a handler.
 * (CloudFormation's short-form tags are read as their plain values, which is all these checks need.)
 */
class TemplateWiringTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    static JsonNode resources;

    /**
     * Substitutions a definition may leave unused, by state machine: launch-cluster is handed SyncPolicies so that
     * it can put a team's policy right before a run, which it may instead leave to SubmitRun.
     */
    static final Map<String, Set<String>> OPTIONAL_SUBSTITUTIONS =
            Map.of("LaunchClusterStateMachine", Set.of("SyncPoliciesFunctionArn"));

    @BeforeAll
    static void read() throws IOException {
        resources = new YAMLMapper().readTree(ROOT.resolve("template.yaml").toFile()).path("Resources");
        assertThat(resources.size()).isPositive();
    }

    @Test
    void everyStateMachinePlaceholderIsSubstitutedAndEverySubstitutionUsed() throws IOException {
        int machines = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::StateMachine")) continue;
            machines++;
            JsonNode properties = resource.getValue().path("Properties");
            Path file = ROOT.resolve(properties.path("DefinitionUri").asText());
            assertThat(file).as(resource.getKey() + " DefinitionUri").isRegularFile();
            Set<String> placeholders = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) placeholders.add(m.group(1));
            Set<String> substitutions = new TreeSet<>();
            properties.path("DefinitionSubstitutions").fieldNames().forEachRemaining(substitutions::add);
            assertThat(substitutions).as(resource.getKey() + " DefinitionSubstitutions vs the placeholders of " + file.getFileName())
                    .containsAll(placeholders);
            Set<String> unused = new TreeSet<>(substitutions);
            unused.removeAll(placeholders);
            assertThat(unused).as(resource.getKey() + " substitutions " + file.getFileName() + " does not use")
                    .isSubsetOf(OPTIONAL_SUBSTITUTIONS.getOrDefault(resource.getKey(), Set.of()));
        }
        assertThat(machines).isPositive();
    }

    @Test
    void everySubstitutedFunctionIsAFunctionOfTheTemplate() {
        for (JsonNode resource : resources) {
            JsonNode substitutions = resource.path("Properties").path("DefinitionSubstitutions");
            for (Iterator<Map.Entry<String, JsonNode>> it = substitutions.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> s = it.next();
                if (!s.getKey().endsWith("FunctionArn")) continue;
                String logicalId = s.getValue().asText().replaceFirst("\\.Alias$", "");
                assertThat(resources.path(logicalId).path("Type").asText()).as(s.getKey() + " -> " + logicalId)
                        .isEqualTo("AWS::Serverless::Function");
            }
        }
    }

    @Test
    void everyHandlerIsAClassThatLambdaCanCall() throws Exception {
        int functions = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) continue;
            functions++;
            String handler = resource.getValue().path("Properties").path("Handler").asText();
            assertThat(handler).as(resource.getKey() + " Handler").endsWith("::handleRequest");
            String className = handler.substring(0, handler.indexOf("::"));
            Class<?> type;
            try {
                type = Class.forName(className, false, getClass().getClassLoader());
            } catch (ClassNotFoundException missing) {
                throw new AssertionError(resource.getKey() + " Handler: class " + className + " does not exist in functions/");
            }
            assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                    .as(type.getName() + " is a RequestHandler or RequestStreamHandler").isTrue();
            assertThat(type.getConstructor()).as(type.getName() + " has the public no-argument constructor Lambda calls").isNotNull();
        }
        assertThat(functions).isPositive();
    }
}
