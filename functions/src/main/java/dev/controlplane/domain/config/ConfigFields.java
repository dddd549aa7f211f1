package dev.controlplane.domain.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.domain.RejectedInputException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Field readers of one file: each records its problem and returns null (or the default) when it has one. Also the
 * helpers every reader of a config document shares: how a value and a naming rule's problem are shown.
 */
final class ConfigFields {

    static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{1,61})[a-z0-9]");
    static final String BUCKET_RULE = "an S3 bucket name: 3 to 63 lower-case letters, digits, '.' or '-',"
            + " starting and ending with a letter or digit";

    private final ConfigFolder folder;
    final String file;

    ConfigFields(ConfigFolder folder, String file) {
        this.folder = folder;
        this.file = file;
    }

    void refuseUnknown(JsonNode object, String at, Set<String> known) {
        Set<String> sortedKnown = new LinkedHashSet<>(known.stream().sorted().toList());
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                folder.problem(file, at + "/" + escape(name), "is not a known field",
                        "only " + String.join(", ", sortedKnown));
            }
        }
    }

    String string(JsonNode object, String at, String field, String expected) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            folder.problem(file, at + "/" + field, "is missing", expected);
            return null;
        }
        if (!node.isTextual()) {
            folder.problem(file, at + "/" + field, "is " + describe(node), expected);
            return null;
        }
        return node.asText();
    }

    String matching(JsonNode object, String at, String field, Pattern pattern, String expected) {
        String value = string(object, at, field, expected);
        if (value != null && !pattern.matcher(value).matches()) {
            folder.problem(file, at + "/" + field, "is '" + value + "'", expected);
            return null;
        }
        return value;
    }

    String optionalMatching(JsonNode object, String at, String field, Pattern pattern, String expected) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : matching(object, at, field, pattern, expected);
    }

    String name(JsonNode object, String at, String field, BiFunction<String, String, String> rule) {
        String value = string(object, at, field, rule("", rule));
        if (value == null) {
            return null;
        }
        String problem = nameProblem(value, rule);
        if (problem != null) {
            folder.problem(file, at + "/" + field, problemPart(problem), expectedPart(problem));
            return null;
        }
        return value;
    }

    boolean optionalBoolean(JsonNode object, String at, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            folder.problem(file, at + "/" + field, "is " + describe(node), "true or false (default false)");
            return false;
        }
        return node.booleanValue();
    }

    String bucketName(String at, JsonNode node) {
        if (node == null || !node.isTextual()) {
            folder.problem(file, at, node == null ? "is missing" : "is " + describe(node), BUCKET_RULE);
            return null;
        }
        String bucket = node.asText();
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.contains(".-")
                || bucket.contains("-.")) {
            folder.problem(file, at, "is '" + bucket + "'", BUCKET_RULE);
            return null;
        }
        return bucket;
    }

    // The naming rules live in ArtifactNaming; their message is "{input}: {field} {problem}; expected {rule}".
    static String nameProblem(String value, BiFunction<String, String, String> rule) {
        try {
            rule.apply("-", value);
            return null;
        } catch (RejectedInputException e) {
            return e.getMessage().substring(("-: " + e.field() + " ").length());
        }
    }

    static String rule(String value, BiFunction<String, String, String> rule) {
        String problem = nameProblem(value, rule);
        return problem == null ? "a valid name" : expectedPart(problem);
    }

    static String problemPart(String problem) {
        return problem.substring(0, problem.indexOf("; expected "));
    }

    static String expectedPart(String problem) {
        return problem.substring(problem.indexOf("; expected ") + "; expected ".length());
    }

    static String describe(JsonNode node) {
        String shown = node.toString();
        String kind = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return "the " + kind + " " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown);
    }

    /** RFC 6901: '~' and '/' in a member name are escaped. */
    static String escape(String member) {
        return member.replace("~", "~0").replace("/", "~1");
    }
}
