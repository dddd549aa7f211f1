package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Cluster policies (/api/2.0/policies/clusters/...) and their enforcement on requested clusters. */
final class ClusterPolicies {

    private record Policy(String policyId, String name, String definitionJson, PolicyDefinition definition,
            String description, long maxClustersPerUser, String creator, long createdAt) {}

    private static final String POLICY = "policy";

    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(0xE0631F5C0D0006A0L);
    private final Permissions permissions;
    private final Stages stages;
    private final WorkspaceJournal journal;

    ClusterPolicies(Permissions permissions, Stages stages, WorkspaceJournal journal) {
        this.permissions = permissions;
        this.stages = stages;
        this.journal = journal;
    }

    /** Takes up the policies the journal kept, each as policies/clusters/get answered it. */
    void restore() {
        for (JsonNode p : journal.restored(POLICY).values()) {
            String id = p.path("policy_id").asText();
            String definitionJson = p.path("definition").asText("{}");
            policies.put(id, new Policy(id, p.path("name").asText(), definitionJson,
                    PolicyDefinition.parse(definitionJson), Json.text(p, "description").orElse(null),
                    p.path("max_clusters_per_user").asLong(0), p.path("creator_user_name").asText(),
                    p.path("created_at_timestamp").asLong()));
            sequence.accumulateAndGet(HexFormat.fromHexDigitsToLong(id), Math::max);
        }
    }

    private void keep(String id) {
        journal.keep(POLICY, id, () -> {
            Policy now = policies.get(id);
            return now == null ? null : render(now);
        });
    }

    /**
     * The spec with its policy applied, or the spec unchanged when it names no policy_id.
     *
     * @param clusterType "job" or "all-purpose", the value of the virtual attribute cluster_type
     */
    ObjectNode applyTo(ObjectNode spec, String clusterType) {
        return Json.text(spec, "policy_id")
                .map(id -> {
                    Policy policy = policies.get(id);
                    if (policy == null) {
                        throw ApiException.invalidParameter("Cluster policy " + id + " does not exist");
                    }
                    return ClusterPolicyEnforcer.enforce(policy.definition(), spec, clusterType);
                })
                .orElse(spec);
    }

    synchronized ObjectNode create(ApiRequest request) {
        String name = request.requiredField("name");
        refuseDuplicateName(name, null);
        String definitionJson = Json.text(request.body(), "definition").orElse("{}");
        PolicyDefinition definition = PolicyDefinition.parse(definitionJson);
        String id = HexFormat.of().withUpperCase().toHexDigits(sequence.incrementAndGet());
        policies.put(id, new Policy(id, name, definitionJson, definition,
                Json.text(request.body(), "description").orElse(null),
                request.body().path("max_clusters_per_user").asLong(0), request.caller(), stages.now()));
        keep(id);
        permissions.register("cluster-policies", id, List.of());
        return Json.object().put("policy_id", id);
    }

    synchronized ObjectNode edit(ApiRequest request) {
        String id = request.requiredField("policy_id");
        Policy old = existing(id);
        String name = request.requiredField("name");
        refuseDuplicateName(name, id);
        String definitionJson = Json.text(request.body(), "definition").orElse(old.definitionJson());
        PolicyDefinition definition = PolicyDefinition.parse(definitionJson);
        policies.put(id, new Policy(id, name, definitionJson, definition,
                Json.text(request.body(), "description").orElse(old.description()),
                request.body().path("max_clusters_per_user").asLong(old.maxClustersPerUser()), old.creator(),
                old.createdAt()));
        keep(id);
        return Json.object();
    }

    ObjectNode get(ApiRequest request) {
        return render(existing(request.requiredField("policy_id")));
    }

    ObjectNode list(ApiRequest request) {
        ArrayNode list = Json.array();
        policies.values().stream()
                .sorted(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT)))
                .forEach(p -> list.add(render(p)));
        ObjectNode answer = Json.object();
        answer.set("policies", list);
        answer.put("total_count", list.size());
        return answer;
    }

    synchronized ObjectNode delete(ApiRequest request) {
        String id = request.requiredField("policy_id");
        existing(id);
        policies.remove(id);
        keep(id);
        permissions.forget("cluster-policies", id);
        return Json.object();
    }

    private Policy existing(String id) {
        Policy policy = policies.get(id);
        if (policy == null) {
            throw ApiException.notFound("Can't find a cluster policy with id: " + id + ".");
        }
        return policy;
    }

    private void refuseDuplicateName(String name, String exceptId) {
        boolean taken = policies.values().stream()
                .anyMatch(p -> p.name().equalsIgnoreCase(name) && !p.policyId().equals(exceptId));
        if (taken) {
            throw ApiException.invalidParameter("Cluster policy name \"" + name + "\" is already used by another"
                    + " policy; policy names must be unique");
        }
    }

    private static ObjectNode render(Policy p) {
        ObjectNode node = Json.object()
                .put("policy_id", p.policyId())
                .put("name", p.name())
                .put("definition", p.definitionJson())
                .put("creator_user_name", p.creator())
                .put("created_at_timestamp", p.createdAt())
                .put("is_default", false);
        if (p.description() != null) {
            node.put("description", p.description());
        }
        if (p.maxClustersPerUser() > 0) {
            node.put("max_clusters_per_user", p.maxClustersPerUser());
        }
        return node;
    }
}
