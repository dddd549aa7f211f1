package dev.controlplane.domain.build;

import dev.controlplane.domain.config.EnvironmentConfig;

/** An environment a build is published or promoted to, as the workflow needs it. */
public record PromotionTarget(String name, String bucket, boolean approvalRequired) {

    public static PromotionTarget of(EnvironmentConfig environment) {
        return new PromotionTarget(environment.name(), environment.artifactsBucket(), environment.approvalRequired());
    }
}
