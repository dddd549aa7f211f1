package dev.controlplane.domain.config;

import dev.controlplane.domain.RejectedInputException;
import java.util.List;

/** A dataset that no {@code config/datasets/{dataset}.json} configures. */
public final class UnknownDatasetException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    /** @param input what named the dataset, e.g. {@code PlanReplication input} */
    public UnknownDatasetException(String input, String dataset, List<String> knownDatasets) {
        super(input, "dataset", dataset == null ? "is missing"
                        : "is '" + dataset + "', which has no config/datasets/" + dataset + ".json",
                knownDatasets.isEmpty() ? "a dataset configured in config/datasets/ (none is)"
                        : "one of the configured datasets: " + String.join(", ", knownDatasets));
    }
}
