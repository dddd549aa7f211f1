package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testsupport.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The roles of template.yaml are what {@code controlplane up} enforces: a copy of the template with one permission
 * taken away fails the workflow that needs it, locally, with AWS's AccessDenied naming the role, the action and the
 * resource (the rest of the suite runs the three workflows on the template as it is, so its roles suffice).
 */
@EndToEndTest
class IamEnforcedLocallyTest {
    /** PublishArtifact's write grant on its own artifact bucket (the first of the two statements with these lines). */
    private static final String WRITE_GRANT = """
                            - s3:PutObject
                            - s3:AbortMultipartUpload
                          Resource: !Sub ${ArtifactsBucket.Arn}/*
            """;

    @TempDir
    Path dir;

    @Test
    void aPermissionTakenFromTheTemplateFailsThePromotionWithAccessDeniedNamingIt() throws Exception {
        String template = Files.readString(UpProcess.ROOT.resolve("template.yaml"), StandardCharsets.UTF_8);
        int grant = template.indexOf(WRITE_GRANT);
        assertThat(grant).as("template.yaml grants PublishArtifact s3:PutObject on its bucket")
                .isBetween(template.indexOf("  PublishArtifactFunction:"), template.indexOf("  RequestApprovalFunction:"));
        String withoutPut = template.substring(0, grant) + WRITE_GRANT.replace("                - s3:PutObject\n", "")
                + template.substring(grant + WRITE_GRANT.length());

        Path data = dir.resolve("data");
        try (UpProcess up = UpProcess.start(data, project(withoutPut)); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            // CI, with its own credentials (an administrator's): the build, then its manifest
            byte[] script = "print('churn 1.4.0')\n".getBytes(StandardCharsets.UTF_8);
            String prefix = "data-eng/churn/" + UpEndToEndTest.COMMIT + "/";
            aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "churn.py"), RequestBody.fromBytes(script));
            aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "manifest.json"),
                    RequestBody.fromString(UpEndToEndTest.manifest(script)));
            String promotion = aws.awaitExecution(UpEndToEndTest.PROMOTE,
                    e -> e.startsWith(UpEndToEndTest.PROMOTE.replace(":stateMachine:", ":execution:") + ":upload-"));
            DescribeExecutionResponse done = aws.await(promotion);

            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            String denied = "is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::"
                    + UpEndToEndTest.DEV + "/data-eng/churn/churn/churn-1.4.0.py\" because no identity-based policy allows the s3:PutObject action";
            assertThat(done.cause()).contains("assumed-role/controlplane-dev-PublishArtifactFunctionRole-").contains(denied);
            assertThat(up.output()).contains("iam: AccessDenied: User: arn:aws:sts::" + UpEndToEndTest.ACCOUNT
                    + ":assumed-role/controlplane-dev-PublishArtifactFunctionRole-").contains(denied);
            assertThat(aws.s3.listObjectsV2(l -> l.bucket(UpEndToEndTest.DEV)).contents()).as("nothing was published").isEmpty();
        }
    }

    /** The replication state machine's read of its plan (its Distributed Map's ItemReader reads batches.json). */
    private static final String PLAN_READ = """
                        - Sid: ReadPlanWriteMapResults
                          Effect: Allow
                          Action:
                            - s3:GetObject
            """;

    @Test
    void aDistributedMapReadsItsItemsWithItsStateMachinesRole() throws Exception {
        String template = Files.readString(UpProcess.ROOT.resolve("template.yaml"), StandardCharsets.UTF_8);
        assertThat(template).as("template.yaml grants replicate-data s3:GetObject on its plans").contains(PLAN_READ);
        String withoutRead = template.replace(PLAN_READ, PLAN_READ.replace("                - s3:GetObject\n", ""));

        try (UpProcess up = UpProcess.start(dir.resolve("data"), project(withoutRead), "--parameter", "Environment=staging");
             UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            String key = ReplicationSamplesTest.PREFIX + "2026/12/01/part-00000.json";
            aws.s3.putObject(p -> p.bucket(ReplicationSamplesTest.PROD_DATA).key(key), RequestBody.fromString("{\"order\": 1}"));
            String arn = aws.sfn.startExecution(s -> s.stateMachineArn(ReplicationSamplesTest.MACHINE)
                    .input("{\"dataset\": \"sales-orders\"}")).executionArn();
            DescribeExecutionResponse done = aws.await(arn);

            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(up.output()).contains("iam: AccessDenied: User: arn:aws:sts::222222222222:assumed-role/"
                    + "controlplane-staging-ReplicateDataStateMachineRole-").contains("is not authorized to perform: s3:GetObject");
            assertThat(aws.s3.listObjectsV2(l -> l.bucket(ReplicationSamplesTest.STAGING_DATA)).contents())
                    .as("no batch was copied").isEmpty();
        }
    }

    /** A project folder of {@code template} beside the checkout's functions, state machines, config and samconfig. */
    private Path project(String template) throws java.io.IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("template.yaml"), template, StandardCharsets.UTF_8);
        for (String linked : new String[] {"functions", "statemachines", "config", "samconfig.toml"}) {
            Files.createSymbolicLink(project.resolve(linked), UpProcess.ROOT.resolve(linked));
        }
        return project.resolve("template.yaml");
    }
}
