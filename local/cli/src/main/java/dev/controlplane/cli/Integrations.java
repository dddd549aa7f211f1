package dev.controlplane.cli;

import dev.aslengine.runtime.Engine;

/** Wires the AWS service integrations into an engine when an endpoint is configured. */
final class Integrations {
    private Integrations() {}

    static void addAws(Engine.Builder builder, String endpoint) {
        // the AWS SDK integrations arrive with the aws branch; until then tasks on AWS resources fail with a clear error
    }
}
