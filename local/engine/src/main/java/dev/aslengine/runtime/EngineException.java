package dev.aslengine.runtime;

/**
 * A refused API call, with the error code AWS's Step Functions API gives for it (StateMachineDoesNotExist,
 * ExecutionAlreadyExists, InvalidDefinition, InvalidExecutionInput, InvalidName, ExecutionNotRedrivable, ...).
 */
public final class EngineException extends RuntimeException {
    private final String errorCode;

    public EngineException(String errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
