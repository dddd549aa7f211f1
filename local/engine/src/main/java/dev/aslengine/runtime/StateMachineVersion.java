package dev.aslengine.runtime;

import java.time.Instant;

/**
 * A published version: the revision of its state machine frozen under {@code arn} (the state machine's ARN with
 * {@code :<number>}); executions started through it run that revision whatever updates follow.
 */
public record StateMachineVersion(String arn, int number, StateMachine revision, String description, Instant creationDate) {}
