package dev.controlplane.local.demo;

/**
 * One step of the demo's day and how it went.
 *
 * @param title        what happened, as a person would say it ("CI uploads churn 1.4.0 from feature/scoring")
 * @param status       whether it did what it should, failed, or could not run in this checkout
 * @param detail       the outcome (the execution's outcome, the webhook's answer) or why it failed or did not run
 * @param executionArn the execution it started or led to, or null
 */
public record DemoStep(String title, Status status, String detail, String executionArn) {

    /** How a step went. */
    public enum Status {
        SUCCEEDED("ok"),
        FAILED("FAILED"),
        /** The checkout lacks what the step needs (e.g. a workflow another branch brings); nothing was tried. */
        NOT_RUN("not run");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static DemoStep succeeded(String title, String detail, String executionArn) {
        return new DemoStep(title, Status.SUCCEEDED, detail, executionArn);
    }

    static DemoStep failed(String title, String detail, String executionArn) {
        return new DemoStep(title, Status.FAILED, detail, executionArn);
    }
}
