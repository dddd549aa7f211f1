package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.State;
import dev.testsupport.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class ClustersTest {
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

    private CreateCluster cluster() {
        return new CreateCluster().setClusterName("adhoc").setSparkVersion("15.4.x-scala2.12")
                .setNodeTypeId("m5.large").setNumWorkers(1L);
    }

    @Test
    void aCreatedClusterRunsIsListedAndTerminatesWhenDeleted() throws Exception {
        ClusterDetails running = client.clusters().create(cluster()).get(Duration.ofSeconds(30));
        assertThat(running.getState()).isEqualTo(State.RUNNING);
        assertThat(client.clusters().list(new ListClustersRequest()))
                .extracting(ClusterDetails::getClusterId).contains(running.getClusterId());

        ClusterDetails deleted = client.clusters().delete(running.getClusterId()).get(Duration.ofSeconds(30));

        assertThat(deleted.getState()).isEqualTo(State.TERMINATED);
    }

    @Test
    void aClusterThatNeverStartsStaysPending() throws Exception {
        workspace.faults().nextClusterNeverStarts();

        String id = client.clusters().create(cluster()).getResponse().getClusterId();

        assertThat(client.clusters().get(id).getState()).isEqualTo(State.PENDING);
        assertThat(client.clusters().create(cluster()).get(Duration.ofSeconds(30)).getState())
                .isEqualTo(State.RUNNING);
        assertThat(client.clusters().get(id).getState()).isEqualTo(State.PENDING);
    }

    @Test
    void anUnknownClusterIsRefusedWithTheMessageTheSdkMapsToResourceDoesNotExist() {
        assertThatThrownBy(() -> client.clusters().get("0000-000000-nothere"))
                .isInstanceOf(ResourceDoesNotExist.class)
                .hasMessage("Cluster 0000-000000-nothere does not exist");
    }
}
