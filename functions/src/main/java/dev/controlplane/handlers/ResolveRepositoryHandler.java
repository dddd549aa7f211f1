package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ProjectRef;
import dev.controlplane.domain.config.UnknownRepositoryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda {@code ResolveRepository}: which team and project a GitHub repository builds, with the project's
 * scripts, its default branch and the whole promotion chain. Input {@code {repository}}; other fields are
 * ignored. An unconfigured repository is refused with UnknownRepositoryException.
 */
public final class ResolveRepositoryHandler implements RequestStreamHandler {

    static final String FUNCTION = "ResolveRepository";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = "ResolveRepository input";

    /** The output; {@code repository} is spelled as the config spells it, whatever case the input used. */
    public record Resolution(String team, String project, List<String> scripts, String defaultBranch,
            String repository, List<PromotionTarget> environments) {
    }

    private final PlatformConfig config;

    /** The Lambda runtime's constructor: the config is read once, here. */
    public ResolveRepositoryHandler() {
        this(System.getenv());
    }

    /** Reads {@code CONTROLPLANE_CONFIG_DIR}. */
    public ResolveRepositoryHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment));
        // SnapStart: a repository of the config resolved before the snapshot
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.resolveRepository(config));
    }

    public ResolveRepositoryHandler(PlatformConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JSON.writeValue(output, resolve(repository(input)));
    }

    public Resolution resolve(String repository) {
        ProjectRef ref = config.projectForRepository(repository, INPUT);
        return new Resolution(ref.team().name(), ref.project().name(), ref.project().scripts(),
                ref.project().defaultBranch(), ref.project().repository(),
                config.environments().stream().map(PromotionTarget::of).toList());
    }

    private String repository(InputStream input) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            root = null;
        }
        JsonNode repository = root == null ? null : root.get("repository");
        if (repository == null || !repository.isTextual()) {
            throw new UnknownRepositoryException(INPUT, null,
                    config.teams().stream().flatMap(team -> team.projects().stream()).map(p -> p.repository()).toList());
        }
        return repository.asText();
    }
}
