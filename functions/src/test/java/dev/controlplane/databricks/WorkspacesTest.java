package dev.controlplane.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.launch.WorkspaceRefusedException;
import dev.testsupport.IntegrationTest;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A warm function's workspace client across a token rotation, against the local workspace through the real SDK. */
@IntegrationTest
class WorkspacesTest {

    private static final String SECRET_ID = "controlplane/dev/databricks-token";
    private static final String OLD = "dapi-before-rotation";
    private static final String NEW = "dapi-after-rotation";

    /** The secret's value, as Secrets Manager would answer it, and how often it was read. */
    private final AtomicReference<String> secret = new AtomicReference<>(OLD);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final Workspaces workspaces = new Workspaces(id -> {
        assertThat(id).isEqualTo(SECRET_ID);
        reads.incrementAndGet();
        return secret.get();
    }, () -> now.get());

    private LocalWorkspace workspace;

    @AfterEach
    void stop() {
        if (workspace != null) {
            workspace.close();
        }
    }

    private LocalWorkspace start(int port, String token) {
        return LocalWorkspace.start(WorkspaceOptions.defaults().withPort(port).withToken(token, "controlplane@example.com")
                .withTimings(RunTimings.instant()));
    }

    /** The workspace restarted on the same address accepting only {@code token}: the old one is revoked. */
    private void rotateTo(String token) {
        int port = workspace.port();
        workspace.close();
        workspace = start(port, token);
    }

    @Test
    void aRotatedTokenIsReReadOnTheRefusalAndTheCallSucceeds() {
        workspace = start(0, OLD);
        DatabricksRuns runs = workspaces.at(workspace.url(), SECRET_ID);
        assertThat(runs.byName("controlplane-data-eng")).isEmpty();

        rotateTo(NEW);
        secret.set(NEW);

        assertThat(runs.byName("controlplane-data-eng")).as("answered with the new token").isEmpty();
        assertThat(reads).hasValue(2);
    }

    @Test
    void theSecretIsReadOnceEveryFewMinutesNotPerCall() {
        // Both tokens accepted: nothing is refused, so only age can make the function read the secret again.
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(OLD, "controlplane@example.com")
                .withToken(NEW, "controlplane@example.com").withTimings(RunTimings.instant()));
        DatabricksRuns runs = workspaces.at(workspace.url(), SECRET_ID);
        for (int i = 0; i < 5; i++) {
            runs.byName("controlplane-data-eng");
        }
        assertThat(reads).hasValue(1);

        secret.set(NEW);
        now.set(now.get().plus(RefreshingToken.MAX_AGE).minusSeconds(1));
        runs.byName("controlplane-data-eng");
        assertThat(reads).as("younger than five minutes: cached").hasValue(1);
        now.set(now.get().plusSeconds(1));
        runs.byName("controlplane-data-eng");

        assertThat(reads).as("re-read once it was five minutes old, with no refusal").hasValue(2);
    }

    @Test
    void aTokenRefusedWhileTheSecretIsUnchangedFailsWithoutRereadingOnEveryCall() {
        workspace = start(0, NEW);
        DatabricksRuns runs = workspaces.at(workspace.url(), SECRET_ID);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> runs.byName("controlplane-data-eng")).isInstanceOf(WorkspaceRefusedException.class)
                    .hasMessageNotContaining(OLD);
        }
        assertThat(reads).as("read, re-read on the first refusal, then not again within 30 s").hasValue(2);

        now.set(now.get().plus(RefreshingToken.MIN_REREAD));
        assertThatThrownBy(() -> runs.byName("controlplane-data-eng")).isInstanceOf(WorkspaceRefusedException.class);
        assertThat(reads).hasValue(3);
    }

    @Test
    void aWholeWorkspaceClientAsksItsTokenOnEveryRequestAndReReadsItByAge() {
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(OLD, "controlplane@example.com")
                .withToken(NEW, "controlplane@example.com").withTimings(RunTimings.instant()));
        com.databricks.sdk.WorkspaceClient client = DatabricksRuns.client(workspace.url(),
                new RefreshingToken(() -> {
                    reads.incrementAndGet();
                    return secret.get();
                }, () -> now.get()));
        client.clusterPolicies().list(new com.databricks.sdk.service.compute.ListClusterPoliciesRequest()).iterator().hasNext();
        secret.set(NEW);
        now.set(now.get().plus(RefreshingToken.MAX_AGE));
        client.clusterPolicies().list(new com.databricks.sdk.service.compute.ListClusterPoliciesRequest()).iterator().hasNext();

        assertThat(reads).as("read, and again once five minutes old").hasValue(2);
    }
}
