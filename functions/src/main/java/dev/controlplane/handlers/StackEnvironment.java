package dev.controlplane.handlers;

import java.util.Map;

/** The environment a function serves, as its stack names it; nothing of AWS or Databricks (every package has it). */
final class StackEnvironment {

    /** The environment this stack serves (template parameter Environment), e.g. {@code dev}. */
    static final String ENVIRONMENT_VARIABLE = "CONTROLPLANE_ENVIRONMENT";

    private StackEnvironment() {
    }

    static String name(Map<String, String> environment) {
        String name = environment.get(ENVIRONMENT_VARIABLE);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("environment variable " + ENVIRONMENT_VARIABLE
                    + " is not set; expected the environment this stack serves, as in config/environments.json (e.g. dev)");
        }
        return name.strip();
    }
}
