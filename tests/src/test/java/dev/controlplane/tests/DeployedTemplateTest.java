package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.testsupport.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.iam.AccessRequest;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;

/**
 * template.yaml as CloudFormation receives it, per samconfig.toml environment: after SAM's transform
 * (bin/sam-transform: aws-sam-translator with that environment's parameter overrides and the S3 locations sam
 * package gives the code and definitions), with the roles SAM makes and the managed policies it attaches.
 */
@IntegrationTest
class DeployedTemplateTest {
    static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    /** The AWS managed policies a role may carry: SAM's for logging and tracing, nothing broader. */
    static final Set<String> ALLOWED_MANAGED_POLICIES = Set.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");

    @TempDir
    static Path out;

    static final Map<String, Path> deployed = new LinkedHashMap<>();

    @BeforeAll
    static void transformEachEnvironment() throws Exception {
        for (String env : ENVIRONMENTS) {
            deployed.put(env, SamTemplate.transformed(env, out.resolve(env + ".json")));
        }
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(SamTemplate.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command) + " ended").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }

    static SamTemplate read(String env) {
        return SamTemplate.read(deployed.get(env));
    }

    @TestFactory
    Stream<DynamicTest> theTransformedTemplateOfEachEnvironmentLintsClean() {
        return ENVIRONMENTS.stream().map(env -> DynamicTest.dynamicTest(env, () -> {
            SamTemplate template = read(env);
            assertThat(template.root.has("Transform")).as("no SAM left").isFalse();
            assertThat(template.resources.properties()).as("resources").hasSizeGreaterThan(100);
            // cfn-lint has no __main__; call its console entry point, warnings failing it as in bin/test.
            run(List.of("python3", "-c", "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())",
                    "--non-zero-exit-code", "warning", deployed.get(env).toString()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyDeployedRoleNamesItsActionsAndCarriesNoBroadManagedPolicy() {
        return ENVIRONMENTS.stream().map(env -> DynamicTest.dynamicTest(env, () -> {
            Map<String, JsonNode> roles = read(env).ofType("AWS::IAM::Role");
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, JsonNode> resource : roles.entrySet()) {
                JsonNode properties = resource.getValue().path("Properties");
                for (String arn : SamTemplate.texts(properties.path("ManagedPolicyArns"))) {
                    if (!ALLOWED_MANAGED_POLICIES.contains(arn)) problems.add(resource.getKey() + " carries managed policy " + arn);
                }
                SamTemplate.walk(properties.path("Policies"), "/Policies", (path, node) -> {
                    if (!node.isObject() || !node.path("Effect").asText().equals("Allow")) return;
                    List<String> actions = SamTemplate.texts(node.path("Action"));
                    if (node.has("NotAction") || actions.isEmpty()) problems.add(resource.getKey() + path + " allows without naming its actions");
                    for (String action : actions) {
                        if (action.contains("*")) problems.add(resource.getKey() + path + " allows " + action);
                    }
                    if (SamTemplate.texts(node.path("Resource")).contains("*")
                            && !TemplateSecurityTest.ACTIONS_WITHOUT_RESOURCES.containsAll(actions)) {
                        problems.add(resource.getKey() + path + " allows " + actions + " on every resource");
                    }
                });
            }
            assertThat(roles).as(env + ": the roles SAM made (24 functions, 4 state machines, the schedules)").hasSizeGreaterThanOrEqualTo(28);
            assertThat(problems).as(env).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyFunctionHasItsOwnRole() {
        return ENVIRONMENTS.stream().map(env -> DynamicTest.dynamicTest(env, () -> {
            Map<String, JsonNode> functions = read(env).ofType("AWS::Lambda::Function");
            Set<String> roles = new TreeSet<>();
            for (JsonNode function : functions.values()) {
                JsonNode role = function.path("Properties").path("Role");
                roles.add(role.path("Fn::GetAtt").path(0).asText(role.toString()));
            }
            assertThat(functions).hasSize(24);
            assertThat(roles).as(env + ": one role per function").hasSize(functions.size());
        }));
    }

    /**
     * {@code controlplane up} enforces the roles SAM deploys: for each environment (its samconfig overrides, its
     * account), the same roles, each with the same inline policies and the same managed policies, SAM's implicit
     * ones included (AWSLambdaBasicExecutionRole, AWSXrayWriteOnlyAccess, the dead-letter queue's).
     */
    @TestFactory
    Stream<DynamicTest> theRolesUpEnforcesAreTheRolesSamDeploys() {
        return ENVIRONMENTS.stream().map(env -> DynamicTest.dynamicTest(env, () -> {
            LocalTemplate local = asUpResolvesIt(env);
            Map<String, Set<String>> enforced = new java.util.TreeMap<>();
            for (LocalTemplate.Role role : local.iam().roles()) {
                enforced.put(role.logicalId(), new TreeSet<>(role.policies().stream().map(LocalTemplate.Policy::name).toList()));
            }
            Map<String, Set<String>> deployedRoles = new java.util.TreeMap<>();
            for (Map.Entry<String, JsonNode> role : read(env).ofType("AWS::IAM::Role").entrySet()) {
                if (local.skippedByCondition().contains(role.getKey())) continue; // not created in this environment
                JsonNode properties = role.getValue().path("Properties");
                Set<String> names = new TreeSet<>();
                for (JsonNode inline : properties.path("Policies")) names.add(inline.path("PolicyName").asText());
                for (JsonNode managed : properties.path("ManagedPolicyArns")) {
                    JsonNode chosen = managed.has("Fn::If") ? managed.path("Fn::If").path(1) : managed;
                    String name = chosen.isTextual() ? chosen.asText().substring(chosen.asText().lastIndexOf('/') + 1) : chosen.path("Ref").asText();
                    // a managed policy under a condition is attached where its own Condition holds (the same one)
                    if (!managed.has("Fn::If") || !local.skippedByCondition().contains(name)) names.add(name);
                }
                deployedRoles.put(role.getKey(), names);
            }
            assertThat(enforced).as(env).isEqualTo(deployedRoles);
        }));
    }

    /**
     * Each function writes only its own log streams of the stack's function log group: SAM's AWSLambdaBasicExecutionRole
     * (logs on every resource) is cut down by the template's OwnLogStreamsOnly deny, evaluated on the roles up enforces
     * (the test above shows they are the roles SAM deploys).
     */
    @TestFactory
    Stream<DynamicTest> eachFunctionWritesOnlyItsOwnLogStreams() {
        return ENVIRONMENTS.stream().map(env -> DynamicTest.dynamicTest(env, () -> {
            LocalTemplate local = asUpResolvesIt(env);
            LocalIam iam = new LocalIam(local, Map.of(), name -> name);
            String group = "arn:aws:logs:eu-west-1:" + local.stack().accountId() + ":log-group:/aws/lambda/controlplane-" + env;
            List<LocalTemplate.Function> functions = local.functions();
            assertThat(functions).hasSize(24);
            List<String> problems = new ArrayList<>();
            for (LocalTemplate.Function f : functions) {
                String own = group + ":log-stream:2026/12/06/" + f.name() + "[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0";
                for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
                    if (iam.checkAs(f.logicalId(), new AccessRequest(action, own)) != null) problems.add(f.logicalId() + " cannot " + action + " its own stream");
                }
                LocalTemplate.Function other = functions.get((functions.indexOf(f) + 1) % functions.size());
                List<AccessRequest> foreign = List.of(
                        new AccessRequest("logs:PutLogEvents", own.replace(f.name(), other.name())),
                        new AccessRequest("logs:CreateLogStream", own.replace(f.name(), other.name())),
                        new AccessRequest("logs:PutLogEvents", "arn:aws:logs:eu-west-1:" + local.stack().accountId()
                                + ":log-group:/aws/lambda/" + f.name() + ":log-stream:2026/12/06/[$LATEST]0f1e2d3c"),
                        new AccessRequest("logs:CreateLogGroup", "arn:aws:logs:eu-west-1:" + local.stack().accountId() + ":log-group:/aws/lambda/" + f.name()));
                for (AccessRequest r : foreign) {
                    if (iam.checkAs(f.logicalId(), r) == null) problems.add(f.logicalId() + " may " + r.action() + " on " + r.resource());
                }
            }
            assertThat(problems).as(env).isEmpty();
        }));
    }

    @Test
    void aProdDataBucketNamedAmongStagingsOwnDataBucketsIsStillNeverWritten() {
        String own = "arn:aws:s3:::acme-lake-staging-222222222222";
        String prod = "arn:aws:s3:::acme-lake-prod-333333333333";
        LocalTemplate slip = LocalRuntime.deployed(SamTemplate.ROOT.resolve("template.yaml"), SamTemplate.ROOT.resolve("config"),
                "staging", Map.of("DataBucketArns", own + "," + prod));
        LocalIam iam = new LocalIam(slip, Map.of(), name -> name);
        for (String function : List.of("CopyBatchFunction", "DeleteExtraneousFunction")) {
            assertThat(iam.checkAs(function, new AccessRequest("s3:PutObject", own + "/sales/part-0.parquet")))
                    .as(function + " writes staging's data").isNull();
            for (String write : List.of("s3:PutObject", "s3:DeleteObject")) {
                LocalIam.Denial denial = iam.checkAs(function, new AccessRequest(write, prod + "/sales/part-0.parquet"));
                assertThat(denial).as(function + " " + write + " on prod data, though DataBucketArns names it").isNotNull();
                assertThat(denial.message()).contains("explicit deny");
            }
        }
        assertThat(iam.checkAs("CopyBatchFunction", new AccessRequest("s3:GetObject", prod + "/sales/part-0.parquet")))
                .as("the copies still read prod data").isNull();
    }

    /** The environment's stack as up resolves it: samconfig.toml's overrides, the account of config/environments.json. */
    private static LocalTemplate asUpResolvesIt(String env) {
        return LocalRuntime.deployed(SamTemplate.ROOT.resolve("template.yaml"), SamTemplate.ROOT.resolve("config"), env);
    }
}
