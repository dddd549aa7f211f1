package dev.controlplane.local.demo;

import java.util.List;

/**
 * What the demo's day did: each step with its status, and the summary printed at the end (executions, artifacts by
 * environment, run records and cost, the replication report).
 */
public record DemoReport(List<DemoStep> steps, String summary) {

    public DemoReport {
        steps = List.copyOf(steps);
    }

    /** True when no step failed (a step the checkout cannot run yet is reported, not counted as a failure). */
    public boolean succeeded() {
        return steps.stream().noneMatch(s -> s.status() == DemoStep.Status.FAILED);
    }

    public long count(DemoStep.Status status) {
        return steps.stream().filter(s -> s.status() == status).count();
    }
}
