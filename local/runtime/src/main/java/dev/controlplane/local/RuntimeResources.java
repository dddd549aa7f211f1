package dev.controlplane.local;

import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.local.template.LocalTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running {@link LocalRuntime} names the things the console and the demo read and write, taken from the
 * resolved template (the functions' environment variables, its S3 notifications, HTTP routes and state machines) and
 * the platform config (the artifact bucket of each environment of the chain), so that a renamed table or bucket in
 * template.yaml or config/ needs no change here.
 *
 * @param environment           the stack's environment (the template's Environment parameter)
 * @param registryTable         REGISTRY_TABLE of the functions, or null when none has it
 * @param runsTable             RUNS_TABLE of the functions, or null
 * @param inboxBucket           the bucket whose {@code manifest.json} uploads notify a function (CI's inbox), or null
 * @param artifactBuckets       each environment's artifact bucket, in promotion order
 * @param replicationPlanBucket REPLICATION_PLAN_BUCKET of the functions, or null
 * @param replicationPlanPrefix REPLICATION_PLAN_PREFIX of the functions, or null (the handlers' default)
 * @param webhookPath           the HTTP API route of the function that checks GitHub's signature (the one with
 *                              WEBHOOK_SECRET_ID), e.g. {@code /github/webhook}, or null
 * @param webhookSecretId       that function's WEBHOOK_SECRET_ID (the secret's ARN), or null
 * @param stateMachines         logical id to ARN of the state machines running here
 * @param eventsDirectory       the sample inputs folder beside the template ({@code events/}), or null when missing
 */
public record RuntimeResources(String environment, String registryTable, String runsTable, String inboxBucket,
        Map<String, String> artifactBuckets, String replicationPlanBucket, String replicationPlanPrefix, String webhookPath,
        String webhookSecretId, Map<String, String> stateMachines, Path eventsDirectory) {

    public RuntimeResources {
        artifactBuckets = Collections.unmodifiableMap(new LinkedHashMap<>(artifactBuckets));
        stateMachines = Collections.unmodifiableMap(new LinkedHashMap<>(stateMachines));
    }

    static RuntimeResources of(LocalTemplate template, PlatformConfig config) {
        Map<String, String> buckets = new LinkedHashMap<>();
        for (EnvironmentConfig e : config.environments()) buckets.put(e.name(), e.artifactsBucket());
        Map<String, String> machines = new LinkedHashMap<>();
        for (LocalTemplate.StateMachine sm : template.stateMachines()) machines.put(sm.logicalId(), sm.arn());
        String inbox = template.s3Subscriptions().stream().filter(s -> s.suffix().endsWith("manifest.json"))
                .map(LocalTemplate.S3Subscription::bucket).findFirst().orElse(null);
        Optional<LocalTemplate.Function> webhook = template.functions().stream()
                .filter(f -> f.environment().containsKey("WEBHOOK_SECRET_ID")).findFirst();
        String webhookPath = webhook.flatMap(f -> template.httpRoutes().stream().filter(r -> r.functionName().equals(f.name()))
                .map(LocalTemplate.HttpRoute::path).findFirst()).orElse(null);
        Path events = template.file().toAbsolutePath().normalize().resolveSibling("events");
        return new RuntimeResources(template.parameters().getOrDefault("Environment", config.firstEnvironment().name()),
                variable(template, "REGISTRY_TABLE"), variable(template, "RUNS_TABLE"), inbox, buckets,
                variable(template, "REPLICATION_PLAN_BUCKET"), variable(template, "REPLICATION_PLAN_PREFIX"), webhookPath,
                webhook.map(f -> f.environment().get("WEBHOOK_SECRET_ID")).orElse(null), machines,
                Files.isDirectory(events) ? events : null);
    }

    /** The value the template's functions give an environment variable (the first that sets it), or null. */
    private static String variable(LocalTemplate template, String name) {
        return template.functions().stream().map(f -> f.environment().get(name)).filter(v -> v != null && !v.isBlank())
                .findFirst().orElse(null);
    }

    /** The ARN of a state machine of the template running here, by logical id. */
    public Optional<String> stateMachine(String logicalId) {
        return Optional.ofNullable(stateMachines.get(logicalId));
    }
}
