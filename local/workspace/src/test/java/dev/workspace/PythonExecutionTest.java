package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunResultState;
import dev.testsupport.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@IntegrationTest
class PythonExecutionTest {
    @TempDir
    Path scripts;

    private LocalWorkspace workspace;
    private WorkspaceClient client;

    @BeforeEach
    void start() {
        workspace = Sdk.workspace(options -> options
                .withPythonExecution("python3")
                .withRemoteFiles(file -> file.startsWith("s3://artifacts/")
                        ? Optional.of(scripts.resolve(file.substring("s3://artifacts/".length())))
                        : Optional.empty()));
        client = Sdk.client(workspace);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private RunOutput outputOf(Run run) {
        return client.jobs().getRunOutput(run.getTasks().iterator().next().getRunId());
    }

    @Test
    void aScriptThatExitsWithZeroSucceedsAndItsPrintedOutputIsTheRunOutput() throws Exception {
        Path script = Files.writeString(scripts.resolve("hello.py"), "import sys\nprint('rows:', sys.argv[1:])\n");

        Run run = Sdk.awaitTerminated(client, Sdk.submit(client,
                Sdk.pythonRun(Sdk.cluster(), script.toUri().toString(), "--day", "2024-01-01")));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
        assertThat(outputOf(run).getLogs()).isEqualTo("rows: ['--day', '2024-01-01']\n");
    }

    @Test
    void aScriptThatRaisesFailsTheRunWithItsErrorInTheOutput() throws Exception {
        Path script = Files.writeString(scripts.resolve("boom.py"), "raise ValueError('no rows for 2024-01-01')\n");

        Run run = Sdk.awaitTerminated(client, Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), script.toString())));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
        assertThat(run.getState().getStateMessage()).isEqualTo("Workload failed, see run output for details");
        RunOutput output = outputOf(run);
        assertThat(output.getError()).isEqualTo("ValueError: no rows for 2024-01-01");
        assertThat(output.getErrorTrace()).contains("Traceback");
    }

    @Test
    void aRemotePathIsReadThroughTheResolver() throws IOException, InterruptedException {
        Files.createDirectories(scripts.resolve("team-a"));
        Files.writeString(scripts.resolve("team-a/etl.py"), "print('from s3')\n");

        Run run = Sdk.awaitTerminated(client, Sdk.submit(client,
                Sdk.pythonRun(Sdk.cluster(), "s3://artifacts/team-a/etl.py")));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
        assertThat(outputOf(run).getLogs()).isEqualTo("from s3\n");
    }

    @Test
    void aFileTheResolverCannotFindFailsTheRunNamingTheFile() throws InterruptedException {
        Run run = Sdk.awaitTerminated(client, Sdk.submit(client,
                Sdk.pythonRun(Sdk.cluster(), "dbfs:/FileStore/etl.py")));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
        assertThat(run.getState().getStateMessage()).startsWith("FileNotFoundError: dbfs:/FileStore/etl.py was not found");
    }

    @Test
    void cancellingARunningScriptKillsItsProcess() throws Exception {
        Path pidFile = scripts.resolve("pid");
        Path script = Files.writeString(scripts.resolve("slow.py"), "import os, time, pathlib\n"
                + "pathlib.Path('" + pidFile + "').write_text(str(os.getpid()))\ntime.sleep(600)\n");
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), script.toString()));
        while (!Files.exists(pidFile) || Files.readString(pidFile).isEmpty()) {
            Thread.sleep(10);
        }
        ProcessHandle python = ProcessHandle.of(Long.parseLong(Files.readString(pidFile))).orElseThrow();

        client.jobs().cancelRun(runId);

        Run run = Sdk.awaitTerminated(client, runId);
        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.CANCELED);
        python.onExit().get(30, TimeUnit.SECONDS);
        assertThat(python.isAlive()).isFalse();
    }
}
