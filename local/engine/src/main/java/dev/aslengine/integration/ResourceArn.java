package dev.aslengine.integration;

/**
 * A Task's Resource, parsed. Service integrations ({@code arn:aws:states:::lambda:invoke.waitForTaskToken},
 * {@code arn:aws:states:::aws-sdk:s3:getObject}) give service {@code lambda} / {@code aws-sdk:s3} and action
 * {@code invoke} / {@code getObject}; a plain Lambda function ARN gives service {@code function} and the
 * function name as action; an activity ARN gives service {@code activity}.
 */
public record ResourceArn(String raw, String service, String action, IntegrationPattern pattern) {

    private static final String STATES_PREFIX = "arn:aws:states:::";

    /** Parses a Resource; IllegalArgumentException saying what was expected when it is no ARN we know. */
    public static ResourceArn parse(String raw) {
        if (raw == null || raw.isEmpty()) throw new IllegalArgumentException("Resource must be a non-empty ARN");
        if (raw.startsWith(STATES_PREFIX)) {
            String rest = raw.substring(STATES_PREFIX.length());
            IntegrationPattern pattern = IntegrationPattern.REQUEST_RESPONSE;
            for (IntegrationPattern p : new IntegrationPattern[] {
                    IntegrationPattern.WAIT_FOR_TASK_TOKEN, IntegrationPattern.RUN_JOB_V2, IntegrationPattern.RUN_JOB}) {
                if (rest.endsWith(p.suffix())) {
                    pattern = p;
                    rest = rest.substring(0, rest.length() - p.suffix().length());
                    break;
                }
            }
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || colon == rest.length() - 1) {
                throw new IllegalArgumentException("Resource \"" + raw + "\" is not arn:aws:states:::SERVICE:ACTION");
            }
            return new ResourceArn(raw, rest.substring(0, colon), rest.substring(colon + 1), pattern);
        }
        String[] parts = raw.split(":", -1);
        if (parts.length >= 7 && parts[0].equals("arn") && parts[2].equals("lambda") && parts[5].equals("function")) {
            return new ResourceArn(raw, "function", parts[6], IntegrationPattern.REQUEST_RESPONSE);
        }
        if (parts.length == 7 && parts[0].equals("arn") && parts[2].equals("states") && parts[5].equals("activity")) {
            return new ResourceArn(raw, "activity", parts[6], IntegrationPattern.REQUEST_RESPONSE);
        }
        throw new IllegalArgumentException("Resource \"" + raw
                + "\" is neither a service integration (arn:aws:states:::SERVICE:ACTION), a Lambda function ARN nor an activity ARN");
    }
}
