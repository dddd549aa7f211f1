package dev.aslengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import java.util.Set;

/**
 * The members of one API request, read with the service's own checks: a member of the wrong JSON type is a
 * SerializationException, a constraint of the API model broken is a ValidationException, a malformed ARN InvalidArn.
 */
record ApiRequest(ObjectNode body) {
    static final int ARN_MAX = 256;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    /** A string member, or null when it is absent. */
    String string(String member, int maxLength) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) {
            throw new EngineException("SerializationException", "Member '" + member + "' must be a JSON string, got " + v.getNodeType().name().toLowerCase());
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw validation("'" + abbreviate(s) + "'", member, "Member must have length less than or equal to " + maxLength);
        }
        return s;
    }

    String requiredString(String member, int maxLength) {
        String s = string(member, maxLength);
        if (s == null) throw validation("null", member, "Member must not be null");
        return s;
    }

    /** One of the enum's values, or null when absent. */
    String enumValue(String member, Set<String> values) {
        String s = string(member, 64);
        if (s != null && !values.contains(s)) {
            throw validation("'" + s + "'", member, "Member must satisfy enum value set: " + values);
        }
        return s;
    }

    boolean bool(String member, boolean absent) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) return absent;
        if (!v.isBoolean()) {
            throw new EngineException("SerializationException", "Member '" + member + "' must be a JSON boolean, got " + v.getNodeType().name().toLowerCase());
        }
        return v.booleanValue();
    }

    /** maxResults: 0 to 1000, where absent or 0 means the default page of 100. */
    int pageSize() {
        return pageSize(MAX_PAGE);
    }

    /** maxResults: 0 to {@code max}, where absent or 0 means the default page of 100 (or {@code max} when smaller). */
    int pageSize(int max) {
        JsonNode v = body.get("maxResults");
        if (v == null || v.isNull()) return Math.min(DEFAULT_PAGE, max);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new EngineException("SerializationException", "Member 'maxResults' must be a JSON integer, got " + v);
        }
        int n = v.intValue();
        if (n < 0) throw validation(String.valueOf(n), "maxResults", "Member must have value greater than or equal to 0");
        if (n > max) throw validation(String.valueOf(n), "maxResults", "Member must have value less than or equal to " + max);
        return n == 0 ? Math.min(DEFAULT_PAGE, max) : n;
    }

    boolean has(String member) {
        JsonNode v = body.get(member);
        return v != null && !v.isNull();
    }

    /** An unqualified state machine ARN: arn:aws:states:region:account:stateMachine:name. */
    String stateMachineArn(String member, boolean required) {
        String arn = required ? requiredString(member, ARN_MAX) : string(member, ARN_MAX);
        if (arn != null) checkArn(member, arn, "stateMachine", 7, "arn:aws:states:<region>:<account>:stateMachine:<name>");
        return arn;
    }

    /** A state machine (version, alias) ARN to start, with the mock test case Step Functions Local takes after a '#'. */
    record StartTarget(String stateMachineArn, String testCase) {}

    StartTarget startTarget(String member) {
        String given = requiredString(member, ARN_MAX);
        int hash = given.lastIndexOf('#');
        String arn = hash < 0 ? given : given.substring(0, hash);
        checkArn(member, arn, "stateMachine", 7, "arn:aws:states:<region>:<account>:stateMachine:<name>");
        if (hash >= 0 && hash == given.length() - 1) {
            throw new EngineException("InvalidArn", "Invalid Arn: '" + given + "' (a test case's name must follow the '#')");
        }
        return new StartTarget(arn, hash < 0 ? null : given.substring(hash + 1));
    }

    /** A state machine ARN without a qualifier (not a version's nor an alias's). */
    String unqualifiedStateMachineArn(String member) {
        String arn = stateMachineArn(member, true);
        if (Engine.qualifier(arn) != null) {
            throw new EngineException("InvalidArn", "Invalid Arn: '" + arn + "' (" + member
                    + " must be an unqualified state machine ARN, arn:aws:states:<region>:<account>:stateMachine:<name>)");
        }
        return arn;
    }

    /** A state machine version ARN: arn:aws:states:region:account:stateMachine:name:number. */
    String versionArn(String member) {
        return qualifiedArn(member, true, "<version number>");
    }

    /** A state machine alias ARN: arn:aws:states:region:account:stateMachine:name:aliasName. */
    String aliasArn(String member) {
        return qualifiedArn(member, false, "<alias name>");
    }

    private String qualifiedArn(String member, boolean version, String qualifierShape) {
        String arn = stateMachineArn(member, true);
        String q = Engine.qualifier(arn);
        if (q == null || q.matches("[0-9]+") != version) {
            throw new EngineException("InvalidArn", "Invalid Arn: '" + arn + "' (" + member + " must be "
                    + (version ? "a version" : "an alias") + " ARN, arn:aws:states:<region>:<account>:stateMachine:<name>:" + qualifierShape + ")");
        }
        return arn;
    }

    /** A Map Run ARN: arn:aws:states:region:account:mapRun:stateMachineName/label:id. */
    String mapRunArn(String member) {
        String arn = requiredString(member, 2000);
        checkArn(member, arn, "mapRun", 8, "arn:aws:states:<region>:<account>:mapRun:<state machine name>/<label>:<id>");
        return arn;
    }

    /** An activity ARN: arn:aws:states:region:account:activity:name. */
    String activityArn(String member) {
        String arn = requiredString(member, ARN_MAX);
        checkArn(member, arn, "activity", 7, "arn:aws:states:<region>:<account>:activity:<name>");
        return arn;
    }

    /** A list of strings, or an empty list when absent. */
    java.util.List<String> stringList(String member, int maxLength) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) return java.util.List.of();
        if (!v.isArray()) throw new EngineException("SerializationException", "Member '" + member + "' must be a JSON array of strings");
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) throw new EngineException("SerializationException", "Member '" + member + "' must hold strings, got " + item);
            if (item.textValue().length() > maxLength) {
                throw validation("'" + abbreviate(item.textValue()) + "'", member + ".member", "Member must have length less than or equal to " + maxLength);
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** An integer member, or {@code absent}; outside min..max is a ValidationException. */
    int integer(String member, int absent, int min, int max) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new EngineException("SerializationException", "Member '" + member + "' must be a JSON integer, got " + v);
        }
        int n = v.intValue();
        if (n < min) throw validation(String.valueOf(n), member, "Member must have value greater than or equal to " + min);
        if (n > max) throw validation(String.valueOf(n), member, "Member must have value less than or equal to " + max);
        return n;
    }

    JsonNode node(String member) {
        return body.get(member);
    }

    /** An execution ARN: arn:aws:states:region:account:execution:stateMachineName:executionName. */
    String executionArn(String member) {
        String arn = requiredString(member, ARN_MAX);
        checkArn(member, arn, "execution", 8, "arn:aws:states:<region>:<account>:execution:<state machine name>:<execution name>");
        return arn;
    }

    /** An IAM role ARN, as CreateStateMachine and UpdateStateMachine take it. */
    String roleArn(boolean required) {
        String arn = required ? requiredString("roleArn", ARN_MAX) : string("roleArn", ARN_MAX);
        if (arn == null) return null;
        String[] p = arn.split(":", 6);
        if (p.length != 6 || !p[0].equals("arn") || !p[1].startsWith("aws") || !p[2].equals("iam") || !p[5].startsWith("role/")) {
            throw new EngineException("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + arn
                    + "' (roleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>)");
        }
        return arn;
    }

    private static void checkArn(String member, String arn, String resourceType, int parts, String expected) {
        String[] p = arn.split(":", -1);
        if (p.length < 7 || !p[0].equals("arn") || !p[1].startsWith("aws") || !p[2].equals("states")) {
            throw new EngineException("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + arn + "' (" + member + " must be " + expected + ")");
        }
        if (!p[5].equals(resourceType)) {
            throw new EngineException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + p[5] + "' ("
                    + member + " must be " + expected + ")");
        }
        boolean qualifiedStateMachine = resourceType.equals("stateMachine") && p.length == parts + 1;
        if (p.length != parts && !qualifiedStateMachine) {
            throw new EngineException("InvalidArn", "Invalid Arn: '" + arn + "' (" + member + " must be " + expected + ")");
        }
    }

    static EngineException validation(String value, String member, String constraint) {
        return new EngineException("ValidationException", "1 validation error detected: Value " + value + " at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
