package dev.controlplane.local.iam;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.policybuilder.iam.IamAction;
import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyReader;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamResource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * AWS's policy evaluation logic for one principal (a role's session) and one request, as the IAM User Guide describes
 * it: an explicit Deny anywhere wins; otherwise, within an account, an Allow of an identity policy (within the
 * permissions boundary, when there is one) or of the resource policy naming the principal; across accounts, and for
 * KMS keys, both the resource policy and an identity policy. Statements are matched on Action/NotAction (wildcards,
 * case-insensitive), Resource/NotResource (wildcards), Principal (in resource policies) and Condition with the
 * operators below; a condition this class cannot evaluate never allows (an Allow with it does not apply, a Deny with
 * it does), and {@link #unevaluable} names it so the runtime can say so at start-up.
 */
public final class PolicyEvaluator {
    private static final Set<String> OPERATORS = Set.of("stringequals", "stringnotequals", "stringequalsignorecase",
            "stringnotequalsignorecase", "stringlike", "stringnotlike", "arnequals", "arnlike", "arnnotequals", "arnnotlike",
            "bool", "null", "numericequals", "numericnotequals", "numericlessthan", "numericlessthanequals",
            "numericgreaterthan", "numericgreaterthanequals");
    /** The condition keys the local endpoint puts in a request's context (and kms:EncryptionContext:*). */
    static final Set<String> KEYS = Set.of("aws:securetransport", "aws:principalarn", "aws:principalaccount",
            "aws:principaltype", "aws:requestedregion", "aws:sourceaccount", "aws:sourcearn", "s3:prefix", "s3:delimiter",
            "kms:viaservice", "kms:calleraccount", "events:source", "events:detail-type", "s3:if-none-match", "s3:if-match",
            "s3:objectcreationoperation");
    private static final String ENCRYPTION_CONTEXT = "kms:encryptioncontext:";

    private PolicyEvaluator() {}

    /** A policy document read with the AWS SDK's policy model, and where it comes from. */
    public record NamedPolicy(String name, IamPolicy policy) {
        /** @throws IllegalArgumentException naming the policy when the document is not a policy */
        public static NamedPolicy read(String name, String json) {
            try {
                return new NamedPolicy(name, IamPolicyReader.create().read(json));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": not an IAM policy document (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Who calls: a role's session. */
    public record Caller(String roleArn, String sessionArn, String account) {}

    /**
     * What a policy set decides.
     *
     * @param reason for a denial, AWS's own wording of why ({@code no identity-based policy allows the s3:GetObject
     *               action}, {@code with an explicit deny in a resource-based policy}); null when allowed
     */
    public record Decision(boolean allowed, String reason) {
        static final Decision ALLOW = new Decision(true, null);
    }

    /**
     * Decides one request.
     *
     * @param resourcePolicy  the policy of the resource (a bucket's, a key's), or null when it has none
     * @param resourceDecides true when the resource policy must allow too: a call across accounts, or a KMS key (whose
     *                        policy must grant the account before IAM policies count)
     */
    public static Decision decide(Caller caller, AccessRequest request, List<NamedPolicy> identity, NamedPolicy boundary,
            NamedPolicy resourcePolicy, boolean resourceDecides) {
        Map<String, List<String>> context = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        context.putAll(request.context());
        context.put("aws:PrincipalArn", List.of(caller.roleArn()));
        context.put("aws:PrincipalAccount", List.of(caller.account()));
        context.put("aws:PrincipalType", List.of("AssumedRole"));
        String action = request.action();
        for (NamedPolicy p : identity) {
            if (applies(p, IamEffect.DENY, request, context, null)) return new Decision(false, "with an explicit deny in an identity-based policy");
        }
        if (boundary != null && applies(boundary, IamEffect.DENY, request, context, null)) {
            return new Decision(false, "with an explicit deny in a permissions boundary");
        }
        if (resourcePolicy != null && applies(resourcePolicy, IamEffect.DENY, request, context, caller)) {
            return new Decision(false, "with an explicit deny in a resource-based policy");
        }
        boolean identityAllows = identity.stream().anyMatch(p -> applies(p, IamEffect.ALLOW, request, context, null));
        boolean boundaryAllows = boundary == null || applies(boundary, IamEffect.ALLOW, request, context, null);
        Grant grant = resourcePolicy == null ? Grant.NONE : grant(resourcePolicy, request, context, caller);
        if (!boundaryAllows && (identityAllows || grant != Grant.NONE)) {
            return new Decision(false, "because no permissions boundary allows the " + action + " action");
        }
        if (resourceDecides) {
            if (grant == Grant.PRINCIPAL && !caller.account().equals(accountOf(request.resource()))) {
                // across accounts the caller's own account must allow it too
                if (!identityAllows) return new Decision(false, "because no identity-based policy allows the " + action + " action");
                return Decision.ALLOW;
            }
            if (grant == Grant.PRINCIPAL) return Decision.ALLOW;
            if (grant == Grant.NONE) return new Decision(false, "because no resource-based policy allows the " + action + " action");
            return identityAllows ? Decision.ALLOW : new Decision(false, "because no identity-based policy allows the " + action + " action");
        }
        if (identityAllows || grant == Grant.PRINCIPAL) return Decision.ALLOW;
        return new Decision(false, "because no identity-based policy allows the " + action + " action");
    }

    /**
     * What in a policy cannot be evaluated locally (a condition operator or key the endpoint does not know, a policy
     * variable, NotPrincipal), each as "statement: what".
     */
    public static List<String> unevaluable(NamedPolicy p) {
        List<String> found = new ArrayList<>();
        int i = 0;
        for (IamStatement s : p.policy().statements()) {
            String where = p.name() + " statement " + (s.sid() != null ? s.sid() : "#" + i);
            i++;
            for (IamCondition c : s.conditions()) {
                String why = unevaluable(c);
                if (why != null && !found.contains(where + ": " + why)) found.add(where + ": " + why);
            }
            if (!s.notPrincipals().isEmpty()) found.add(where + ": NotPrincipal");
            for (IamResource r : s.resources()) if (r.value().contains("${")) found.add(where + ": policy variable in " + r.value());
            for (IamPrincipal pr : s.principals()) {
                String type = pr.type().value();
                if (!type.equals("*") && !type.equals("AWS") && !type.equals("Service")) found.add(where + ": " + type + " principal");
            }
        }
        return found;
    }

    private enum Grant { NONE, ACCOUNT, PRINCIPAL }

    /** Whether a resource policy allows the caller: naming it (or *), or naming its account (which IAM must then allow). */
    private static Grant grant(NamedPolicy p, AccessRequest request, Map<String, List<String>> context, Caller caller) {
        Grant best = Grant.NONE;
        for (IamStatement s : p.policy().statements()) {
            if (!IamEffect.ALLOW.equals(s.effect()) || !matches(s, request, context)) continue;
            Grant g = principalGrant(s, caller);
            if (g.ordinal() > best.ordinal()) best = g;
        }
        return best;
    }

    private static boolean applies(NamedPolicy p, IamEffect effect, AccessRequest request, Map<String, List<String>> context, Caller caller) {
        for (IamStatement s : p.policy().statements()) {
            if (!effect.equals(s.effect())) continue;
            if (caller != null && principalGrant(s, caller) == Grant.NONE) continue;
            boolean deny = IamEffect.DENY.equals(effect);
            if (matchesTarget(s, request) && conditionsHold(s.conditions(), context, deny)) return true;
        }
        return false;
    }

    private static boolean matches(IamStatement s, AccessRequest request, Map<String, List<String>> context) {
        return matchesTarget(s, request) && conditionsHold(s.conditions(), context, false);
    }

    private static boolean matchesTarget(IamStatement s, AccessRequest request) {
        boolean action = !s.actions().isEmpty()
                ? s.actions().stream().map(IamAction::value).anyMatch(a -> wildcard(a, request.action(), true))
                : !s.notActions().isEmpty() && s.notActions().stream().map(IamAction::value).noneMatch(a -> wildcard(a, request.action(), true));
        if (!action) return false;
        if (!s.resources().isEmpty()) return s.resources().stream().map(IamResource::value).anyMatch(r -> wildcard(r, request.resource(), false));
        if (!s.notResources().isEmpty()) return s.notResources().stream().map(IamResource::value).noneMatch(r -> wildcard(r, request.resource(), false));
        // a resource policy's statement may leave Resource out: it is the resource's own
        return true;
    }

    private static Grant principalGrant(IamStatement s, Caller caller) {
        Grant best = Grant.NONE;
        for (IamPrincipal p : s.principals()) {
            String type = p.type().value();
            String id = p.id();
            if (type.equals("*") || type.equals("AWS") && id.equals("*")) return Grant.PRINCIPAL;
            if (!type.equals("AWS")) continue;
            if (id.equals(caller.roleArn()) || id.equals(caller.sessionArn())) return Grant.PRINCIPAL;
            if (id.equals(caller.account()) || id.equals("arn:aws:iam::" + caller.account() + ":root")) best = Grant.ACCOUNT;
        }
        return best;
    }

    /** The statement's conditions, ANDed: within one operator and key, any of its values. */
    private static boolean conditionsHold(List<IamCondition> conditions, Map<String, List<String>> context, boolean deny) {
        Map<String, List<IamCondition>> groups = new LinkedHashMap<>();
        for (IamCondition c : conditions) {
            groups.computeIfAbsent(c.operator().value() + "\u0000" + c.key().value().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(c);
        }
        for (List<IamCondition> group : groups.values()) {
            IamCondition first = group.getFirst();
            if (unevaluable(first) != null) {
                if (deny) continue;
                return false;
            }
            List<String> values = group.stream().map(IamCondition::value).toList();
            if (!holds(first.operator().value(), first.key().value(), values, context)) return false;
        }
        return true;
    }

    private static String unevaluable(IamCondition c) {
        String op = baseOperator(c.operator().value());
        if (!OPERATORS.contains(op)) return "condition operator " + c.operator().value();
        String key = c.key().value().toLowerCase(Locale.ROOT);
        if (!KEYS.contains(key) && !key.startsWith(ENCRYPTION_CONTEXT)) return "condition key " + c.key().value();
        return null;
    }

    private static String baseOperator(String operator) {
        String op = operator.toLowerCase(Locale.ROOT);
        if (op.startsWith("foranyvalue:")) op = op.substring("foranyvalue:".length());
        if (op.startsWith("forallvalues:")) op = op.substring("forallvalues:".length());
        if (op.endsWith("ifexists")) op = op.substring(0, op.length() - "ifexists".length());
        return op;
    }

    private static boolean holds(String operator, String key, List<String> values, Map<String, List<String>> context) {
        String lower = operator.toLowerCase(Locale.ROOT);
        String op = baseOperator(operator);
        List<String> present = context.get(key);
        if (op.equals("null")) {
            boolean absent = present == null || present.isEmpty();
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        boolean negated = op.contains("not");
        if (present == null || present.isEmpty()) {
            if (lower.endsWith("ifexists") || lower.startsWith("forallvalues:")) return true;
            return negated;
        }
        if (lower.startsWith("forallvalues:")) {
            return present.stream().allMatch(actual -> values.stream().anyMatch(v -> compare(op, v, actual)));
        }
        if (negated) {
            String positive = op.replace("not", "");
            return present.stream().noneMatch(actual -> values.stream().anyMatch(v -> compare(positive, v, actual)));
        }
        return present.stream().anyMatch(actual -> values.stream().anyMatch(v -> compare(op, v, actual)));
    }

    private static boolean compare(String op, String expected, String actual) {
        return switch (op) {
            case "stringequals", "arnequals" -> expected.equals(actual);
            case "stringequalsignorecase" -> expected.equalsIgnoreCase(actual);
            case "stringlike", "arnlike" -> wildcard(expected, actual, false);
            case "bool" -> expected.equalsIgnoreCase(actual);
            default -> numeric(op, expected, actual);
        };
    }

    private static boolean numeric(String op, String expected, String actual) {
        BigDecimal e;
        BigDecimal a;
        try {
            e = new BigDecimal(expected);
            a = new BigDecimal(actual);
        } catch (NumberFormatException ex) {
            return false;
        }
        int c = a.compareTo(e);
        return switch (op) {
            case "numericequals" -> c == 0;
            case "numericlessthan" -> c < 0;
            case "numericlessthanequals" -> c <= 0;
            case "numericgreaterthan" -> c > 0;
            case "numericgreaterthanequals" -> c >= 0;
            default -> false;
        };
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} any one. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int pi = 0;
        int vi = 0;
        int star = -1;
        int mark = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }

    /** The account of an ARN ({@code arn:aws:kms:eu-west-1:111111111111:key/...}), or "" when it names none (S3). */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 ? parts[4] : "";
    }
}
