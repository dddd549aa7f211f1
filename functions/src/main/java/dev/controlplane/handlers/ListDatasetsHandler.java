package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.PlatformConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda {@code ListDatasets}: the names of the datasets in {@code config/datasets/}, for a replicate-data run
 * started without a dataset (the schedule's), which replicates them all. Input: any object; output
 * {@code {datasets: [name, ...]}} in the config's order.
 */
public final class ListDatasetsHandler implements RequestStreamHandler {

    static final String FUNCTION = "ListDatasets";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final PlatformConfig config;

    public ListDatasetsHandler() {
        this(System.getenv());
    }

    public ListDatasetsHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment));
        // SnapStart: the datasets listed once before the snapshot
        this.shell = HandlerShell.primed(FUNCTION, () -> ReplicationPriming.listDatasets(config));
    }

    public ListDatasetsHandler(PlatformConfig config) {
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
        TaskInput.read(FUNCTION, input);
        ObjectNode answer = TaskInput.JSON.createObjectNode();
        ArrayNode names = answer.putArray("datasets");
        config.datasets().stream().map(DatasetConfig::name).forEach(names::add);
        TaskLog.info("listed", Map.of("datasets", names));
        TaskInput.JSON.writeValue(output, answer);
    }
}
