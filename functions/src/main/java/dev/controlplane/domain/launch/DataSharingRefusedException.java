package dev.controlplane.domain.launch;

import dev.controlplane.domain.RejectedInputException;

/** use_data_sharing asked for outside dev: reading prod data from another environment is for development only. */
public final class DataSharingRefusedException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public DataSharingRefusedException(String environment, String allowedEnvironment) {
        super(RunRequest.INPUT, "use_data_sharing", "is true in " + environment,
                "false: data sharing (reading prod data) is allowed in " + allowedEnvironment + " only");
    }
}
