package dev.controlplane.bench;

import dev.controlplane.domain.launch.LaunchFixtures;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Databricks side of the SubmitRun cold-start bench, in its own long-lived process so that none of its work
 * (server start, its Jackson) is charged to the function being timed: a local workspace on a free loopback port
 * accepting the token {@code BENCH_DATABRICKS_TOKEN}, and a config folder naming it as data-eng's dev workspace.
 * Prints {@code url config-dir} on one line, then serves until its standard input closes.
 *
 * <p>Usage: {@code BenchWorkspace OUT_DIR}
 */
public final class BenchWorkspace {

    private BenchWorkspace() {
    }

    public static void main(String[] args) throws IOException {
        String token = System.getenv("BENCH_DATABRICKS_TOKEN");
        try (LocalWorkspace workspace = LocalWorkspace.start(WorkspaceOptions.defaults()
                .withToken(token, "controlplane@example.com").withTimings(RunTimings.instant()))) {
            Path config = LaunchFixtures.writeConfig(Path.of(args[0]), workspace.url(), LaunchFixtures.POLICY);
            System.out.println(workspace.url() + " " + config);
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
