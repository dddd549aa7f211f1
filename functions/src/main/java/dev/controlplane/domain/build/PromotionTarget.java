package dev.controlplane.domain.build;

import dev.controlplane.domain.config.EnvironmentConfig;

/**
 * An environment a build is published or promoted to, as the workflow needs it.
 *
 * @param eventBus the environment's promotion bus, where the environment before it announces versions it can pull
 *                 ({@link EnvironmentConfig#promotionBus}); null when unknown
 */
public record PromotionTarget(String name, String bucket, boolean approvalRequired, String eventBus) {

    public PromotionTarget(String name, String bucket, boolean approvalRequired) {
        this(name, bucket, approvalRequired, null);
    }

    public static PromotionTarget of(EnvironmentConfig environment) {
        return new PromotionTarget(environment.name(), environment.artifactsBucket(), environment.approvalRequired(),
                environment.promotionBus());
    }
}
