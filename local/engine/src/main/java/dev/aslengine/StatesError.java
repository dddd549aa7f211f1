package dev.aslengine;

/**
 * A runtime error of a workflow, as ASL names it: an error name (e.g. {@code States.TaskFailed}) and a cause.
 * Retry and Catch match on {@link #error()}.
 */
public class StatesError extends RuntimeException {
    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    public static final String PERMISSIONS = "States.Permissions";

    private final String error;
    private final String cause;
    private final boolean located;

    public StatesError(String error, String cause) {
        this(error, cause, false);
    }

    private StatesError(String error, String cause, boolean located) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
        this.located = located;
    }

    /** An error a Fail state declares: its cause is reported as written, never prefixed with where it happened. */
    public static StatesError declared(String error, String cause) {
        return new StatesError(error, cause, true);
    }

    /**
     * The error as AWS reports a run-time failure of a state (States.Runtime, States.QueryEvaluationError): the cause
     * prefixed with the state and the id of its StateEntered event. Other errors, and one already placed, are unchanged.
     */
    public StatesError inState(String stateName, long enteredEventId) {
        if (located || !(RUNTIME.equals(error) || QUERY_EVALUATION_ERROR.equals(error))) return this;
        return new StatesError(error, "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                + enteredEventId + "). " + cause, true);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** States.ALL matches every error but these two, which only an ErrorEquals naming them matches (as in AWS). */
    public static boolean isUnmatchedByAll(String error) {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }
}
