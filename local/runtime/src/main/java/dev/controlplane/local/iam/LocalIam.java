package dev.controlplane.local.iam;

import dev.controlplane.local.template.LocalTemplate;
import dev.controlplane.local.template.StackContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * IAM as the template deploys it, enforced on the local endpoint: each function and state machine calls with the
 * credentials of its own role (an access key the runtime gives it), and every call made with such a key is allowed or
 * denied by that role's policies, its permissions boundary, and the policy of the bucket or key it acts on. A key
 * that is no role's (the user's own, the AWS CLI's, the demo's CI upload) is an administrator's: allowed.
 */
public final class LocalIam {
    /** The secret key that goes with every role's access key (the endpoint does not check signatures). */
    public static final String SECRET_KEY = "local";

    /** A role's session as the functions and state machines run with it. */
    private record Session(LocalTemplate.Role role, PolicyEvaluator.Caller caller, List<PolicyEvaluator.NamedPolicy> policies,
            PolicyEvaluator.NamedPolicy boundary) {}

    /**
     * A call refused.
     *
     * @param reason AWS's wording of why ({@code because no identity-based policy allows the s3:PutObject action})
     */
    public record Denial(String roleName, String sessionArn, AccessRequest request, String reason) {
        /** AWS's message: who, which action, which resource, why. */
        public String message() {
            String resource = request.service().equals("s3") ? "\"" + request.resource() + "\"" : request.resource();
            return "User: " + sessionArn + " is not authorized to perform: " + request.action() + " on resource: " + resource + " " + reason;
        }
    }

    private final StackContext stack;
    private final Map<String, Session> byKey = new LinkedHashMap<>();
    private final Map<String, String> keyByUser = new LinkedHashMap<>();
    /** The roles of the stacks {@link #learn} added, by access key: principals of other accounts. */
    private final Map<String, Session> otherAccounts = new ConcurrentHashMap<>();
    private final Map<String, PolicyEvaluator.NamedPolicy> resourcePolicies = new ConcurrentHashMap<>();
    /** The buckets whose stack is known (this one's and those {@link #learn} added): bucket name to its account. */
    private final Map<String, String> ownBuckets = new ConcurrentHashMap<>();
    private final Map<String, String> bucketKeys = new ConcurrentHashMap<>();
    private final Map<String, String> otherBuckets;
    private final ServiceRequests requests;
    private final List<String> notEvaluated = new ArrayList<>();

    /**
     * @param otherBuckets buckets of other environments (bucket name to its account) that this runtime serves without
     *                     their stack: their bucket policies are unknown here, so only the caller's policies decide
     * @param secretArn    a secret's name or ARN to its full ARN
     */
    public LocalIam(LocalTemplate template, Map<String, String> otherBuckets, Function<String, String> secretArn) {
        this.stack = template.stack();
        LocalTemplate.Iam iam = template.iam();
        for (LocalTemplate.Bucket b : template.buckets()) ownBuckets.put(b.name(), stack.accountId());
        this.otherBuckets = new ConcurrentHashMap<>(otherBuckets);
        this.otherBuckets.keySet().removeAll(ownBuckets.keySet());
        iam.notEvaluated().forEach(n -> notEvaluated.add(n.toString()));
        for (LocalTemplate.Role role : iam.roles()) {
            String key = accessKey(role.arn() + "/" + role.usedBy());
            byKey.put(key, session(role, stack.accountId(), ""));
            keyByUser.put(role.usedBy(), key);
        }
        for (LocalTemplate.ResourcePolicy rp : iam.resourcePolicies()) {
            resourcePolicies.put(rp.resourceArn(), read(rp.logicalId(), rp.policy()));
        }
        bucketKeys.putAll(iam.bucketKeys());
        this.requests = new ServiceRequests(stack.region(), stack.accountId(), bucketKeys::get, secretArn);
    }

    /**
     * Another environment's stack served beside this one: its buckets belong to its account, with their policies and
     * keys, so that a call into them is decided as AWS decides a call across accounts.
     */
    public void learn(LocalTemplate other) {
        String account = other.stack().accountId();
        for (LocalTemplate.Role role : other.iam().roles()) {
            otherAccounts.put(accessKey(role.arn() + "/" + role.usedBy()), session(role, account, other.stack().stackName() + " "));
        }
        for (LocalTemplate.ResourcePolicy rp : other.iam().resourcePolicies()) {
            resourcePolicies.put(rp.resourceArn(), read(other.stack().stackName() + " " + rp.logicalId(), rp.policy()));
        }
        bucketKeys.putAll(other.iam().bucketKeys());
        for (LocalTemplate.Bucket b : other.buckets()) {
            ownBuckets.put(b.name(), account);
            otherBuckets.remove(b.name());
        }
    }

    private Session session(LocalTemplate.Role role, String account, String stackName) {
        List<PolicyEvaluator.NamedPolicy> policies = new ArrayList<>();
        for (LocalTemplate.Policy p : role.policies()) policies.add(read(stackName + role.logicalId() + " " + p.name(), p));
        PolicyEvaluator.NamedPolicy boundary = role.boundary() == null ? null
                : read(stackName + role.logicalId() + " boundary " + role.boundary().name(), role.boundary());
        String session = "arn:aws:sts::" + account + ":assumed-role/" + role.name() + "/" + role.usedBy();
        return new Session(role, new PolicyEvaluator.Caller(role.arn(), session, account), policies, boundary);
    }

    private PolicyEvaluator.NamedPolicy read(String name, LocalTemplate.Policy p) {
        PolicyEvaluator.NamedPolicy policy = PolicyEvaluator.NamedPolicy.read(name, p.document().toString());
        for (String u : PolicyEvaluator.unevaluable(policy)) {
            String line = u + " (cannot be evaluated locally: an Allow with it never applies, a Deny always does)";
            if (!notEvaluated.contains(line)) notEvaluated.add(line);
        }
        return policy;
    }

    /** The access key the function or state machine of this logical id calls with, or null when it has no role. */
    public String accessKeyOf(String logicalId) {
        return keyByUser.get(logicalId);
    }

    /** How many roles are enforced. */
    public int roles() {
        return byKey.size();
    }

    /** What of the template's access control is not evaluated as AWS would, each named. */
    public List<String> notEvaluated() {
        List<String> all = new ArrayList<>(notEvaluated);
        if (!otherBuckets.isEmpty()) {
            all.add("buckets no template here declares (" + String.join(", ", new java.util.TreeSet<>(otherBuckets.keySet()))
                    + ") are served without their owners' bucket and key policies: only the caller's own policies decide");
        }
        return all;
    }

    /** Thrown when a request cannot be told apart: the caller is refused rather than let through. */
    public static final class UnauthorizableRequest extends Exception {
        UnauthorizableRequest(String message) {
            super(message);
        }
    }

    /**
     * The authorizations an S3 REST call needs.
     *
     * @param rawPath the path-style path, still URL-encoded
     * @param query   its query parameters, decoded
     * @param body    a DeleteObjects body, else null
     */
    public List<AccessRequest> s3Requests(String method, String rawPath, Map<String, String> query, Function<String, String> header,
            byte[] body) throws UnauthorizableRequest {
        return requests.s3(method, rawPath, query, header, body);
    }

    /** The authorizations a call of a JSON protocol needs (DynamoDB, Step Functions, Secrets Manager). */
    public List<AccessRequest> jsonRequests(String service, String target, byte[] body) throws UnauthorizableRequest {
        return requests.json(service, target, body);
    }

    /** Whether an access key is a role's (its calls are checked); any other key is an administrator's. */
    public boolean isRoleKey(String accessKey) {
        return accessKey != null && (byKey.containsKey(accessKey) || otherAccounts.containsKey(accessKey));
    }

    /** The first authorization of a call that its caller's role does not have, or null when all are allowed (or no role calls). */
    public Denial check(String accessKey, List<AccessRequest> needed) {
        Session session = accessKey == null ? null : byKey.getOrDefault(accessKey, otherAccounts.get(accessKey));
        if (session == null) return null;
        for (AccessRequest r : needed) {
            Denial d = decide(session, r);
            if (d != null) return d;
        }
        return null;
    }

    /** A call made in-process (a state machine invoking a function, a schedule starting its target) by a role's user. */
    public Denial checkAs(String logicalId, AccessRequest request) {
        String key = keyByUser.get(logicalId);
        return key == null ? null : check(key, List.of(request));
    }

    /**
     * A call a service makes with a role it assumes (an EventBridge rule's target role starting an execution), by the
     * role's ARN; refused when the template has no such role.
     */
    public Denial checkAsRole(String roleArn, AccessRequest request) {
        for (Session s : byKey.values()) {
            if (s.role().arn().equals(roleArn)) return decide(s, request);
        }
        return new Denial(roleArn.substring(roleArn.lastIndexOf('/') + 1), roleArn, request, "because the role is not a role of this template");
    }

    /** The ARN of an EventBridge bus named by name or ARN, in this stack's account. */
    public String eventBusArn(String nameOrArn) {
        return requests.eventBus(nameOrArn);
    }

    private Denial decide(Session s, AccessRequest r) {
        PolicyEvaluator.NamedPolicy resourcePolicy = null;
        boolean resourceDecides = false;
        boolean admitsOtherAccounts = r.service().equals("s3") || r.service().equals("events") || r.service().equals("kms");
        if (!admitsOtherAccounts && !s.caller().account().equals(stack.accountId())) {
            // a role of another environment's account calling this account's API: its table, state machines, tokens
            // and secrets have no policy that admits another account, so AWS refuses whatever the role's own policies say
            return new Denial(s.role().name(), s.caller().sessionArn(), r, "because no resource-based policy allows the "
                    + r.action() + " action (the caller is of account " + s.caller().account() + ", the resource of "
                    + stack.accountId() + ")");
        }
        if (r.service().equals("s3")) {
            String bucket = bucketOf(r.resource());
            String owner = ownBuckets.getOrDefault(bucket, null);
            if (owner != null) {
                resourcePolicy = resourcePolicies.get("arn:aws:s3:::" + bucket);
                resourceDecides = !owner.equals(s.caller().account());
            }
        } else if (r.service().equals("events") && r.resource().startsWith("arn:")) {
            // a bus's policy decides a call from another account (both it and the caller's own policies must allow)
            resourcePolicy = resourcePolicies.get(r.resource());
            resourceDecides = !PolicyEvaluator.accountOf(r.resource()).equals(s.caller().account());
        } else if (r.service().equals("kms")) {
            resourcePolicy = resourcePolicies.get(r.resource());
            resourceDecides = true;
            if (resourcePolicy == null && !PolicyEvaluator.accountOf(r.resource()).equals(stack.accountId())) {
                resourceDecides = false;
            }
        }
        PolicyEvaluator.Decision d = PolicyEvaluator.decide(s.caller(), r, s.policies(), s.boundary(), resourcePolicy, resourceDecides);
        return d.allowed() ? null : new Denial(s.role().name(), s.caller().sessionArn(), r, d.reason());
    }

    private static String bucketOf(String arn) {
        String rest = arn.startsWith("arn:aws:s3:::") ? arn.substring("arn:aws:s3:::".length()) : arn;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** A stable access key id for a role's session: ASIA and sixteen characters, as STS gives. */
    private static String accessKey(String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder key = new StringBuilder("ASIA");
            for (int i = 0; i < 16; i++) key.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
            return key.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
