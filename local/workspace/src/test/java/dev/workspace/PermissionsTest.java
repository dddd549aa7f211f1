package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.iam.AccessControlRequest;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.SetObjectPermissions;
import com.databricks.sdk.service.jobs.JobAccessControlRequest;
import com.databricks.sdk.service.jobs.JobAccessControlResponse;
import com.databricks.sdk.service.jobs.JobPermissionLevel;
import com.databricks.sdk.service.jobs.JobPermissions;
import com.databricks.sdk.service.jobs.JobPermissionsRequest;
import dev.testsupport.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class PermissionsTest {
    private LocalWorkspace workspace;
    private WorkspaceClient client;

    @BeforeEach
    void start() {
        workspace = Sdk.workspace();
        client = Sdk.client(workspace);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private static List<org.assertj.core.groups.Tuple> direct(JobPermissions permissions) {
        return permissions.getAccessControlList().stream()
                .filter(e -> !"admins".equals(e.getGroupName()))
                .map(e -> tuple(e.getUserName(), e.getGroupName(),
                        e.getAllPermissions().iterator().next().getPermissionLevel()))
                .toList();
    }

    private String submitWithAcl() {
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py").setAccessControlList(List.of(
                new JobAccessControlRequest().setGroupName("team-a").setPermissionLevel(JobPermissionLevel.CAN_MANAGE_RUN),
                new JobAccessControlRequest().setGroupName("analysts").setPermissionLevel(JobPermissionLevel.CAN_VIEW))));
        return Long.toString(client.jobs().getRun(runId).getJobId());
    }

    @Test
    void theAccessControlListOfASubmittedRunIsOnItsJobWithTheSubmitterAsOwner() {
        String jobId = submitWithAcl();

        JobPermissions permissions = client.jobs().getPermissions(jobId);

        assertThat(permissions.getObjectId()).isEqualTo("/jobs/" + jobId);
        assertThat(direct(permissions)).containsExactly(
                tuple(Sdk.USER, null, JobPermissionLevel.IS_OWNER),
                tuple(null, "team-a", JobPermissionLevel.CAN_MANAGE_RUN),
                tuple(null, "analysts", JobPermissionLevel.CAN_VIEW));
        JobAccessControlResponse admins = permissions.getAccessControlList().stream()
                .filter(e -> "admins".equals(e.getGroupName())).findFirst().orElseThrow();
        assertThat(admins.getAllPermissions().iterator().next().getInherited()).isTrue();
    }

    @Test
    void setReplacesTheListKeepingTheOwnerAndUpdateChangesOnePrincipal() {
        String jobId = submitWithAcl();

        client.jobs().setPermissions(new JobPermissionsRequest().setJobId(jobId).setAccessControlList(List.of(
                new JobAccessControlRequest().setGroupName("team-b").setPermissionLevel(JobPermissionLevel.CAN_MANAGE))));
        JobPermissions updated = client.jobs().updatePermissions(new JobPermissionsRequest().setJobId(jobId)
                .setAccessControlList(List.of(new JobAccessControlRequest().setGroupName("team-b")
                        .setPermissionLevel(JobPermissionLevel.CAN_VIEW))));

        assertThat(direct(updated)).containsExactly(
                tuple(Sdk.USER, null, JobPermissionLevel.IS_OWNER),
                tuple(null, "team-b", JobPermissionLevel.CAN_VIEW));
        assertThat(direct(client.jobs().getPermissions(jobId))).isEqualTo(direct(updated));
    }

    @Test
    void theGenericPermissionsApiServesClustersToo() throws InterruptedException {
        String clusterId = client.clusters().create(new com.databricks.sdk.service.compute.CreateCluster()
                .setSparkVersion("15.4.x-scala2.12").setNodeTypeId("m5.large").setNumWorkers(1L))
                .getResponse().getClusterId();

        client.permissions().set(new SetObjectPermissions().setRequestObjectType("clusters")
                .setRequestObjectId(clusterId).setAccessControlList(List.of(new AccessControlRequest()
                        .setGroupName("team-a").setPermissionLevel(PermissionLevel.CAN_RESTART))));

        assertThat(client.permissions().get("clusters", clusterId).getAccessControlList())
                .anySatisfy(e -> {
                    assertThat(e.getGroupName()).isEqualTo("team-a");
                    assertThat(e.getAllPermissions().iterator().next().getPermissionLevel())
                            .isEqualTo(PermissionLevel.CAN_RESTART);
                });
    }

    @Test
    void aLevelTheObjectTypeDoesNotHaveIsRefusedNamingTheEntry() {
        String jobId = submitWithAcl();

        assertThatThrownBy(() -> client.permissions().set(new SetObjectPermissions().setRequestObjectType("jobs")
                        .setRequestObjectId(jobId).setAccessControlList(List.of(new AccessControlRequest()
                                .setGroupName("team-a").setPermissionLevel(PermissionLevel.CAN_RESTART)))))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage("Permission level CAN_RESTART in access_control_list[0] is not supported for jobs;"
                        + " expected one of [CAN_VIEW, CAN_MANAGE_RUN, IS_OWNER, CAN_MANAGE]");
    }

    @Test
    void aSubmitWithABadAccessControlListStartsNoRun() {
        assertThatThrownBy(() -> Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py")
                        .setAccessControlList(List.of(new JobAccessControlRequest()
                                .setPermissionLevel(JobPermissionLevel.CAN_VIEW)))))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage("access_control_list[0] must name exactly one of user_name, group_name,"
                        + " service_principal_name");
        assertThat(client.jobs().listRuns(new com.databricks.sdk.service.jobs.ListRunsRequest())).isEmpty();
    }

    @Test
    void permissionsOfAnUnknownJobAreNotFound() {
        assertThatThrownBy(() -> client.jobs().getPermissions("999"))
                .isInstanceOf(ResourceDoesNotExist.class)
                .hasMessage("Job 999 does not exist.");
    }
}
