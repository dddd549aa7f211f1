package dev.controlplane.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.local.template.TemplateSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code controlplane up} (every environment of the config) or {@code up --env dev,staging,prod}: one stack per
 * environment, side by side in this process, as each is
 * deployed in its own account: its own account id, parameters (samconfig.toml's for that environment), buckets,
 * tables, secrets, state machines, functions, AWS endpoint, HTTP API, Databricks workspace and console. S3, DynamoDB
 * and the secrets file are shared (their names are each environment's own), and each environment's IAM knows the
 * others' buckets and keys, so a call from one into another is decided as between two accounts. With one
 * environment this is exactly {@link LocalRuntime} with its data folder.
 */
public final class LocalEnvironments implements AutoCloseable {
    /** Ports each environment takes from its base: the AWS endpoint, the HTTP API, the workspace and the console. */
    public static final int PORTS_PER_ENVIRONMENT = 4;

    private final List<String> names;
    private final List<LocalRuntime> runtimes = new ArrayList<>();
    private SharedServices shared;
    /** DIR/endpoints.json of several environments: the first's endpoints, and under "environments" each one's. */
    private Path endpointsFile;

    private LocalEnvironments(List<String> names) {
        this.names = List.copyOf(names);
    }

    /**
     * Starts each environment; on a failure, what started is stopped again.
     *
     * @param options      the first environment's ports, the data folder (each environment's state under its name,
     *                     the objects and tables beside), and parameters for every environment
     * @param environments names of the platform config's environments; empty for {@link #byDefault what up runs}
     * @throws IllegalArgumentException naming an environment the config does not have, one named twice, or an
     *                                  Environment parameter given with more than one environment
     */
    public static LocalEnvironments start(LocalRuntime.Options options, List<String> environments) {
        if (environments.isEmpty()) environments = byDefault(options);
        Set<String> distinct = new LinkedHashSet<>(environments);
        if (distinct.size() != environments.size()) {
            throw new IllegalArgumentException("--env names an environment twice: " + String.join(",", environments));
        }
        LocalEnvironments envs = new LocalEnvironments(environments);
        try {
            envs.boot(options);
            return envs;
        } catch (RuntimeException | Error e) {
            envs.close();
            throw e;
        }
    }

    /**
     * What {@code up} runs when no environment is named: every environment of the config, as promotion crosses them
     * (each pulls from the one before it), when the template takes an Environment parameter and none is given; else
     * the template's one stack.
     */
    static List<String> byDefault(LocalRuntime.Options o) {
        if (o.parameters().containsKey("Environment")
                || !TemplateSource.read(o.template()).parameterNames().contains("Environment")) return List.of();
        return configured(o.configDir());
    }

    private void boot(LocalRuntime.Options o) {
        if (names.size() <= 1) {
            Map<String, String> parameters = new java.util.LinkedHashMap<>(o.parameters());
            if (names.size() == 1) {
                if (parameters.containsKey("Environment") && !parameters.get("Environment").equals(names.getFirst())) {
                    throw new IllegalArgumentException("--env " + names.getFirst() + " and --parameter Environment="
                            + parameters.get("Environment") + " disagree; give one of them");
                }
                parameters.put("Environment", names.getFirst());
            }
            runtimes.add(LocalRuntime.start(with(o, o.dataDir(), o.portBase(), parameters)));
            return;
        }
        LocalPlatformConfig config = LocalPlatformConfig.load(o.configDir());
        for (String env : names) {
            if (config.environment(env).isEmpty()) {
                throw new IllegalArgumentException("--env " + env + ": " + o.configDir().resolve("environments.json")
                        + " has no such environment (it has " + String.join(", ", config.config().environments().stream()
                        .map(e -> e.name()).toList()) + ")");
            }
        }
        if (o.parameters().containsKey("Environment")) {
            throw new IllegalArgumentException("--parameter Environment=" + o.parameters().get("Environment")
                    + " cannot be given with several environments (--env " + String.join(",", names) + ")");
        }
        if (o.portBase() != 0 && o.portBase() + PORTS_PER_ENVIRONMENT * names.size() - 1 > 65_535) {
            throw new IllegalArgumentException("--port-base " + o.portBase() + " leaves too few ports for " + names.size()
                    + " environments (" + PORTS_PER_ENVIRONMENT + " each)");
        }
        Path dataDir = o.dataDir().toAbsolutePath().normalize();
        Path single = dataDir.resolve("stepfunctions");
        if (Files.isDirectory(single)) {
            throw new IllegalArgumentException(dataDir + " holds the executions of an up that ran one environment (" + single
                    + "); with several, each environment's are under " + dataDir.resolve("ENV") + ". Start it with --env and that"
                    + " environment (e.g. --env " + names.getFirst() + ") to go on with them, or move " + single + " to "
                    + dataDir.resolve(names.getFirst()).resolve("stepfunctions") + " (the one it ran) first");
        }
        shared = SharedServices.start(dataDir, o.secretsFile());
        for (int i = 0; i < names.size(); i++) {
            String env = names.get(i);
            Map<String, String> parameters = new java.util.LinkedHashMap<>(o.parameters());
            parameters.put("Environment", env);
            int base = o.portBase() == 0 ? 0 : o.portBase() + PORTS_PER_ENVIRONMENT * i;
            runtimes.add(LocalRuntime.start(with(o, o.dataDir().resolve(env), base, parameters), shared));
        }
        for (LocalRuntime a : runtimes) for (LocalRuntime b : runtimes) if (a != b) a.trust(b);
        runtimes.forEach(LocalRuntime::release);
        endpointsFile = dataDir.resolve("endpoints.json");
        ObjectNode all = Json.object();
        for (LocalRuntime r : runtimes) all.set(r.environment(), r.endpointsJson());
        // the first environment's endpoints at the top (where CI and webhooks arrive), then each environment's
        ObjectNode json = runtimes.getFirst().endpointsJson().deepCopy();
        json.put("environment", runtimes.getFirst().environment()).set("environments", all);
        LocalRuntime.writeJson(endpointsFile, json);
    }

    private static LocalRuntime.Options with(LocalRuntime.Options o, Path dataDir, int portBase, Map<String, String> parameters) {
        return new LocalRuntime.Options(o.template(), dataDir, o.secretsFile(), o.configDir(), portBase, parameters, o.log(), o.console(),
                o.tuning(), o.mockConfig());
    }

    /** The environments of the platform config, in the order of the promotion chain. */
    public static List<String> configured(Path configDir) {
        return LocalPlatformConfig.load(configDir).config().environments().stream().map(e -> e.name()).toList();
    }

    /** The environments, in the order given. */
    public List<LocalRuntime> runtimes() {
        return List.copyOf(runtimes);
    }

    /** The first environment: the one the chain starts from (CI uploads and webhooks arrive there). */
    public LocalRuntime first() {
        return runtimes.getFirst();
    }

    /** The runtime of an environment, by name. */
    public LocalRuntime environment(String name) {
        for (LocalRuntime r : runtimes) if (name.equals(r.environment())) return r;
        throw new IllegalArgumentException("no environment " + name + " is running here (running: " + String.join(", ", names()) + ")");
    }

    public List<String> names() {
        return runtimes.stream().map(LocalRuntime::environment).toList();
    }

    /** Stops each environment, the last first, then what they share. */
    @Override
    public void close() {
        if (endpointsFile != null) {
            try {
                Files.deleteIfExists(endpointsFile);
            } catch (java.io.IOException e) {
                // a stale endpoints.json names ports nobody listens on: the commands reading it say so
            }
        }
        for (int i = runtimes.size() - 1; i >= 0; i--) runtimes.get(i).close();
        if (shared != null) shared.close();
    }
}
