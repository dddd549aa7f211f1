package dev.controlplane.local;

import dev.aslengine.integration.TaskIntegration;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS endpoint of {@code controlplane up}, IAM and all, in front of another AWS server (the e2e tests put it before
 * moto): one environment's stack of template.yaml, resolved as up resolves it (samconfig.toml's overrides, the
 * account and region of the config's environment), whose functions and state machines call with their roles' keys
 * and are allowed or denied exactly as under up. The other environments' stacks are learned, so calls into their
 * buckets are decided with their bucket and key policies.
 */
public final class EnforcedAws implements AutoCloseable {
    private final AwsGateway gateway;
    private final LocalTemplate template;
    private final LocalIam iam;
    private final StateMachineRoles roles;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream printer = new PrintStream(log, true, StandardCharsets.UTF_8);

    private EnforcedAws(URI upstream, Path templateFile, LocalPlatformConfig platform, String environment, List<String> others,
            Map<String, String> parameters) {
        template = LocalRuntime.deployed(templateFile, platform, environment, parameters);
        iam = new LocalIam(template, platform.bucketAccounts(),
                name -> name.startsWith("arn:") ? name : template.stack().secretArn(name));
        for (String other : others) iam.learn(LocalRuntime.deployed(templateFile, platform, other));
        Map<String, URI> backends = new LinkedHashMap<>();
        for (String service : List.of("s3", "dynamodb", "secretsmanager", "states", "sts", "events")) backends.put(service, upstream);
        gateway = AwsGateway.start(0, backends, write -> {});
        gateway.enforce(iam, printer);
        roles = new StateMachineRoles(template, iam, gateway.url(), printer);
    }

    /**
     * @param upstream    the server that answers the calls IAM allows
     * @param configDir   the platform config (environments.json: each environment's account, region and buckets)
     * @param environment the stack whose roles call (its functions, its state machines)
     * @param others      the other environments whose stacks' resource policies decide calls into them
     * @throws IllegalArgumentException naming the problem of the config or template
     */
    public static EnforcedAws front(URI upstream, Path templateFile, Path configDir, String environment, List<String> others) {
        return front(upstream, templateFile, configDir, environment, others, Map.of());
    }

    /** {@link #front(URI, Path, Path, String, List)} with parameters given over samconfig.toml's, as {@code --parameter-overrides}. */
    public static EnforcedAws front(URI upstream, Path templateFile, Path configDir, String environment, List<String> others,
            Map<String, String> parameters) {
        return new EnforcedAws(upstream, templateFile, LocalPlatformConfig.load(configDir), environment, others, parameters);
    }

    /** What {@code AWS_ENDPOINT_URL} points at. */
    public URI url() {
        return gateway.url();
    }

    /** The environment's stack as deployed: its functions, state machines, buckets, tables and secrets, named. */
    public LocalTemplate template() {
        return template;
    }

    /**
     * The environment a function of the stack runs with: its template variables, the endpoint, the stack's region
     * and its role's credentials, as Lambda gives them.
     */
    public Map<String, String> functionEnvironment(String logicalId) {
        LocalTemplate.Function f = LocalTemplate.withId(template.functions(), LocalTemplate.Function::logicalId, logicalId);
        return FunctionHost.environment(f, Map.of("AWS_ENDPOINT_URL", gateway.url().toString(),
                "AWS_REGION", template.stack().region(), "AWS_DEFAULT_REGION", template.stack().region()), iam);
    }

    /** Service integrations of the engine, each state machine of the stack calling with its role. */
    public TaskIntegration stateMachineServices() {
        return roles.services();
    }

    /** The engine's Lambda tasks, each checked for lambda:InvokeFunction against its state machine's role first. */
    public TaskIntegration stateMachineLambdas(TaskIntegration functions) {
        return roles.lambdas(functions, template);
    }

    /**
     * Authorizes a call made in-process by a function of the stack (as up's engine answers StartExecution): the
     * denial's message, logged as the endpoint logs one, or null when the function's role allows it.
     */
    public String denied(String functionLogicalId, String action, String resourceArn) {
        LocalIam.Denial denial = iam.checkAs(functionLogicalId, new dev.controlplane.local.iam.AccessRequest(action, resourceArn));
        if (denial == null) return null;
        printer.println("iam: AccessDenied: " + denial.message());
        return denial.message();
    }

    /** The denials so far, each as the runtime logs it ({@code iam: AccessDenied: ...}). */
    public List<String> denials() {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("AccessDenied")).toList();
    }

    @Override
    public void close() {
        roles.close();
        gateway.close();
    }
}
