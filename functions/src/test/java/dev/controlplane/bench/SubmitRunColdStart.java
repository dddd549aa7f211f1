package dev.controlplane.bench;

import dev.controlplane.handlers.SubmitRunHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One cold start of the SubmitRun function, for whole-process timing: the handler built as Lambda builds it
 * (no-arg constructor, environment variables: config folder, AWS endpoint), then one invocation with a resolved
 * run of data-eng/churn under a fresh execution name, so every process reads the workspace token from Secrets
 * Manager, lists the team's policy in the workspace (created by the first process, unchanged after) and submits a
 * new run through the Databricks SDK. The workspace ({@link BenchWorkspace}) runs in another process. Prints the
 * milliseconds of construction, of SnapStart's priming (run only with {@code BENCH_PRIME=1}, as the hook runs it
 * before a snapshot) and of the invocation on stderr; exits 1 unless a run id came back.
 *
 * <p>Usage: {@code SubmitRunColdStart} with {@code BENCH_WORKSPACE_URL} and the function's environment set.
 */
public final class SubmitRunColdStart {

    private SubmitRunColdStart() {
    }

    public static void main(String[] args) throws IOException {
        Phases phases = new Phases();
        SubmitRunHandler handler = new SubmitRunHandler();
        // what SnapStart's hook runs before the snapshot: init, like the construction, is not in a restored start
        phases.built(dev.controlplane.handlers.BenchPriming::primeLaunch);
        String host = System.getenv("BENCH_WORKSPACE_URL");
        String input = """
                {"execution": "bench-%s", "run": {"environment": "dev", "team": "data-eng", "project": "churn",
                 "script": "churn", "scriptVersion": "1.5.0", "libraryVersion": "1.5.0",
                 "scriptPath": "s3://bench-artifacts/data-eng/churn/churn/churn-1.5.0.py",
                 "wheelPath": "s3://bench-artifacts/data-eng/churn/churn/churn-1.5.0-py3-none-any.whl",
                 "costCentre": "CC-1042", "policyName": "controlplane-data-eng",
                 "instanceProfileArn": "arn:aws:iam::111111111111:instance-profile/data-eng-jobs",
                 "workspaceHost": "%s", "tokenSecretId": "controlplane/dev/databricks-token",
                 "readZones": ["raw", "curated"], "writeZone": "curated", "parameters": ["--date", "2026-11-23"],
                 "useDataSharing": false, "teamGroup": "data-eng", "viewGroups": ["analysts"]}}"""
                .formatted(UUID.randomUUID(), host);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, new BenchContext("SubmitRun"));
        phases.report();
        String answer = output.toString(StandardCharsets.UTF_8);
        System.out.println(answer);
        if (!answer.contains("\"runId\":")) {
            System.exit(1);
        }
    }
}
