package dev.aslengine.integration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One attempt of a Task: the resolved resource, its effective parameters (after Parameters / Arguments), and
 * where it runs. {@code taskToken} is set for .waitForTaskToken; {@code deadline} is when TimeoutSeconds runs out
 * (null for none), so an in-process call can tell the callee its remaining time.
 */
public record TaskCall(
        ResourceArn resource,
        JsonNode parameters,
        JsonNode credentials,
        String executionArn,
        String stateName,
        String taskToken,
        Instant deadline) {}
