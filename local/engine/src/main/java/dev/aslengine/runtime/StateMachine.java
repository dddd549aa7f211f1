package dev.aslengine.runtime;

import dev.aslengine.model.StateMachineDefinition;
import java.time.Instant;

/** A state machine registered with the engine: its ARN, the definition as written and its parsed model. */
public record StateMachine(String arn, String name, String definition, StateMachineDefinition model, String roleArn,
        String type, Instant creationDate) {}
