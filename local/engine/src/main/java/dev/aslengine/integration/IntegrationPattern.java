package dev.aslengine.integration;

/** How a Task waits on its service: answer at once, until the job ends (.sync), or until a task token comes back. */
public enum IntegrationPattern {
    REQUEST_RESPONSE(""),
    RUN_JOB(".sync"),
    RUN_JOB_V2(".sync:2"),
    WAIT_FOR_TASK_TOKEN(".waitForTaskToken");

    private final String suffix;

    IntegrationPattern(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
