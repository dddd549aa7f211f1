package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.testsupport.IntegrationTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md's "trust only flows downward", over the templates CloudFormation receives (bin/sam-transform: SAM's
 * transform with each environment's parameters): no statement of a higher environment (an IAM policy, a bucket,
 * key or event bus policy, a trust policy) names a principal or resource of a lower environment's account for
 * anything but reads (s3:GetObject, s3:GetObjectVersion, s3:ListBucket, kms:Decrypt) and the one event (events:PutEvents
 * of one source and one detail-type). The accounts are config/environments.json's, in chain order.
 */
@IntegrationTest
class TrustFlowsDownwardTest {

    static final List<String> CHAIN = List.of("dev", "staging", "prod");
    static final Map<String, String> ACCOUNTS = Map.of("dev", "111111111111", "staging", "222222222222", "prod", "333333333333");
    static final Set<String> READS = Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "kms:Decrypt");
    static final Pattern REF = Pattern.compile("\\{\"Ref\":\"([A-Za-z0-9]+)\"}");
    static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    @Test
    void asShippedNoHigherEnvironmentTrustsALowerOneWithMoreThanReadsAndTheOneEvent() throws Exception {
        Map<String, List<String>> named = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        for (int i = 1; i < CHAIN.size(); i++) {
            String env = CHAIN.get(i);
            violations.addAll(violations(env, transform(env), named.computeIfAbsent(env, e -> new ArrayList<>())));
        }
        assertThat(violations).isEmpty();
        // what does cross, checked above: the event on staging's and prod's buses, and each one's pinned read
        assertThat(named.get("staging")).contains("PromotionEventBusPolicy events:PutEvents",
                "PublishArtifactFunctionRole s3:GetObjectVersion", "PublishArtifactFunctionRole kms:Decrypt");
        assertThat(named.get("prod")).contains("PromotionEventBusPolicy events:PutEvents",
                "PublishArtifactFunctionRole s3:GetObjectVersion", "PublishArtifactFunctionRole kms:Decrypt");
    }

    @Test
    void aWriteGrantToALowerAccountIsFound() throws Exception {
        // the push's grant, which prod's bucket policy carried before the pull: dev's publishing role writing prod's bucket
        ObjectNode prod = (ObjectNode) transform("prod");
        ArrayNode statements = (ArrayNode) prod.path("Resources").path("ArtifactsBucketPolicy").path("Properties")
                .path("PolicyDocument").path("Statement");
        statements.add(JSON.readTree("""
                {"Sid": "PromotersCopyVersions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                 "Action": ["s3:GetObjectVersion", "s3:PutObject"], "Resource": "arn:aws:s3:::controlplane-artifacts-prod/*",
                 "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/controlplane-dev-PublishArtifactFunctionRole-*"}}}"""));
        assertThat(violations("prod", prod, new ArrayList<>())).singleElement().asString()
                .startsWith("prod: ArtifactsBucketPolicy allows [s3:GetObjectVersion, s3:PutObject] naming account [111111111111]");
    }

    /** Each statement of a higher environment naming a lower account beyond what may cross; {@code crossing} gets what may. */
    List<String> violations(String env, JsonNode template, List<String> crossing) {
        List<String> violations = new ArrayList<>();
        List<String> lower = CHAIN.subList(0, CHAIN.indexOf(env)).stream().map(ACCOUNTS::get).toList();
        Map<String, String> parameters = new LinkedHashMap<>();
        template.path("Parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().path("Default").asText("")));
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            statements(resource.getValue(), statement -> {
                String text = resolved(statement, parameters);
                List<String> accounts = lower.stream().filter(text::contains).toList();
                if (accounts.isEmpty() || !statement.path("Effect").asText().equals("Allow")) return;
                List<String> actions = SamTemplate.texts(statement.path("Action"));
                boolean reads = !actions.isEmpty() && READS.containsAll(actions) && !statement.has("NotAction");
                JsonNode only = statement.path("Condition").path("StringEquals");
                boolean oneEvent = actions.equals(List.of("events:PutEvents")) && only.path("events:source").isTextual()
                        && only.path("events:detail-type").isTextual();
                if (reads || oneEvent) {
                    actions.forEach(a -> crossing.add(resource.getKey() + " " + a));
                } else {
                    violations.add(env + ": " + resource.getKey() + " allows " + actions + " naming account " + accounts + ": " + text);
                }
            });
        }
        return violations;
    }

    /** The template as CloudFormation receives it for {@code env}, with samconfig.toml's parameters. */
    JsonNode transform(String env) throws Exception {
        return JSON.readTree(SamTemplate.transformed(env, out.resolve(env + ".json")).toFile());
    }

    /** Every policy statement under a node: an object with an Effect. */
    static void statements(JsonNode node, java.util.function.Consumer<JsonNode> each) {
        if (node.isObject() && node.has("Effect") && (node.has("Action") || node.has("NotAction"))) {
            each.accept(node);
            return;
        }
        node.elements().forEachRemaining(child -> statements(child, each));
    }

    /** The statement's JSON with each parameter (a Ref, a ${Name} of a Fn::Sub) replaced by the value the stack is deployed with. */
    static String resolved(JsonNode statement, Map<String, String> parameters) {
        return replaced(SUB, replaced(REF, statement.toString(), parameters, true), parameters, false);
    }

    private static String replaced(Pattern pattern, String text, Map<String, String> parameters, boolean quoted) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = parameters.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : quoted ? "\"" + value + "\"" : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
