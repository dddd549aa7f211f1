package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** Clusters (/api/2.1/clusters/...): the all-purpose clusters of clusters/create and the job clusters of runs. */
final class Clusters {

    private record Cluster(String clusterId, ObjectNode spec, String state, String stateMessage, String creator,
            String source, boolean neverStarts, long startTime, long terminatedTime, String terminationCode) {

        Cluster moved(String newState, String message) {
            return new Cluster(clusterId, spec, newState, message, creator, source, neverStarts, startTime,
                    terminatedTime, terminationCode);
        }

        Cluster terminated(long at, String code) {
            return new Cluster(clusterId, spec, "TERMINATED", "", creator, source, neverStarts, startTime, at, code);
        }
    }

    private static final Set<String> ENDED = Set.of("TERMINATING", "TERMINATED");
    private static final String CLUSTER = "cluster";

    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(0x1a2b3c4dL);
    private final ClusterPolicies policies;
    private final Permissions permissions;
    private final FaultPlan faults;
    private final Stages stages;
    private final RunTimings timings;
    private final WorkspaceJournal journal;

    Clusters(ClusterPolicies policies, Permissions permissions, FaultPlan faults, Stages stages, RunTimings timings,
            WorkspaceJournal journal) {
        this.policies = policies;
        this.permissions = permissions;
        this.faults = faults;
        this.stages = stages;
        this.timings = timings;
        this.journal = journal;
    }

    /**
     * Takes up the clusters the journal kept; a cluster of clusters/create that was starting or terminating goes on
     * (a job cluster moves with its run).
     */
    void restore() {
        for (Cluster cluster : journal.restored(CLUSTER, Cluster.class).values()) {
            clusters.put(cluster.clusterId(), cluster);
            String id = cluster.clusterId();
            sequence.accumulateAndGet(Long.parseLong(id.substring(id.lastIndexOf('-') + 1), 16), Math::max);
            if (cluster.source().equals("API") && cluster.state().equals("PENDING")) {
                stages.after(faults.timingsOr(timings).clusterStart(), () -> start(id));
            } else if (cluster.state().equals("TERMINATING")) {
                stages.after(faults.timingsOr(timings).terminating(), () -> terminate(id, "USER_REQUEST"));
            }
        }
    }

    private void keep(String clusterId) {
        journal.keep(CLUSTER, clusterId, () -> clusters.get(clusterId));
    }

    /** Changes a known cluster by {@code step} and keeps it in the journal. */
    private void change(String clusterId, UnaryOperator<Cluster> step) {
        clusters.computeIfPresent(clusterId, (id, c) -> step.apply(c));
        keep(clusterId);
    }

    /** A job cluster for a run's task, PENDING until the run starts it. */
    String createForJob(ObjectNode resolvedSpec, String creator, String name) {
        ObjectNode spec = resolvedSpec.deepCopy();
        spec.put("cluster_name", name);
        return add(spec, creator, "JOB");
    }

    /** Moves a PENDING cluster to RUNNING; false when the cluster was made never to start. */
    boolean start(String clusterId) {
        Cluster cluster = clusters.get(clusterId);
        if (cluster == null || cluster.neverStarts()) {
            return false;
        }
        change(clusterId, c -> c.state().equals("PENDING") ? c.moved("RUNNING", "") : c);
        return true;
    }

    void terminate(String clusterId, String code) {
        change(clusterId, c -> c.state().equals("TERMINATED") ? c : c.terminated(stages.now(), code));
    }

    boolean exists(String clusterId) {
        return clusters.containsKey(clusterId);
    }

    ObjectNode create(ApiRequest request) {
        if (!(request.body() instanceof ObjectNode body)) {
            throw ApiException.invalidParameter("The request body must be a JSON object");
        }
        ObjectNode spec = policies.applyTo(body, "all-purpose");
        requireSparkVersion(spec, "spark_version");
        String id = add(spec, request.caller(), "API");
        permissions.register("clusters", id, List.of(new Permissions.Grant("user_name", request.caller(), "CAN_MANAGE")));
        stages.after(faults.timingsOr(timings).clusterStart(), () -> start(id));
        return Json.object().put("cluster_id", id);
    }

    ObjectNode get(ApiRequest request) {
        return render(existing(request.requiredField("cluster_id")));
    }

    ObjectNode list(ApiRequest request) {
        ArrayNode list = Json.array();
        clusters.values().stream()
                .sorted(Comparator.comparing(Cluster::clusterId).reversed())
                .forEach(c -> list.add(render(c)));
        ObjectNode answer = Json.object();
        answer.set("clusters", list);
        return answer;
    }

    /** clusters/delete terminates the cluster (it stays listed, TERMINATED). */
    ObjectNode delete(ApiRequest request) {
        String id = request.requiredField("cluster_id");
        Cluster cluster = existing(id);
        if (!ENDED.contains(cluster.state())) {
            change(id, c -> c.moved("TERMINATING", "Terminating the cluster"));
            stages.after(faults.timingsOr(timings).terminating(), () -> terminate(id, "USER_REQUEST"));
        }
        return Json.object();
    }

    static void requireSparkVersion(JsonNode spec, String field) {
        if (Json.text(spec, "spark_version").isEmpty()) {
            throw ApiException.missingField(field);
        }
    }

    private String add(ObjectNode spec, String creator, String source) {
        long n = sequence.incrementAndGet();
        String id = String.format("0101-%06d-%08x", n % 1_000_000, n);
        boolean neverStarts = faults.takeClusterNeverStarts();
        spec.remove("apply_policy_default_values");
        clusters.put(id, new Cluster(id, spec, "PENDING", "Starting the cluster", creator, source, neverStarts,
                stages.now(), 0, null));
        keep(id);
        return id;
    }

    private Cluster existing(String id) {
        Cluster cluster = clusters.get(id);
        if (cluster == null) {
            throw ApiException.invalidParameter("Cluster " + id + " does not exist");
        }
        return cluster;
    }

    private static ObjectNode render(Cluster c) {
        ObjectNode node = c.spec().deepCopy();
        node.put("cluster_id", c.clusterId())
                .put("state", c.state())
                .put("state_message", c.stateMessage())
                .put("creator_user_name", c.creator())
                .put("cluster_source", c.source())
                .put("start_time", c.startTime());
        ObjectNode tags = node.putObject("default_tags")
                .put("Vendor", "Databricks")
                .put("Creator", c.creator())
                .put("ClusterId", c.clusterId());
        Json.text(c.spec(), "cluster_name").ifPresent(name -> tags.put("ClusterName", name));
        if (c.terminatedTime() > 0) {
            node.put("terminated_time", c.terminatedTime());
            node.putObject("termination_reason").put("code", c.terminationCode()).put("type", "SUCCESS");
        }
        return node;
    }
}
