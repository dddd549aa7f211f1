package dev.aslengine.runtime;

import dev.aslengine.model.StateMachineDefinition;
import java.time.Instant;
import java.util.UUID;

/**
 * A state machine registered with the engine: its ARN, the definition as written and its parsed model. Each update
 * is a new revision (its own {@code revisionId} and {@code updateDate}), which a version freezes when published.
 */
public record StateMachine(String arn, String name, String definition, StateMachineDefinition model, String roleArn,
        String type, Instant creationDate, Instant updateDate, String revisionId) {

    /** A state machine at its first revision. */
    public StateMachine(String arn, String name, String definition, StateMachineDefinition model, String roleArn, String type,
            Instant creationDate) {
        this(arn, name, definition, model, roleArn, type, creationDate, creationDate, UUID.randomUUID().toString());
    }
}
