package dev.controlplane.aws;

import dev.controlplane.domain.PromoteArtifactStarter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts the promote-artifact state machine, for every trigger: at most once per execution name. A second start
 * of a name (a redelivered S3 event, a GitHub delivery sent again) reuses it, and Step Functions either returns
 * the running execution (same name, same input) or refuses with ExecutionAlreadyExists (finished, or other input),
 * which counts as already started.
 */
public final class SfnPromoteArtifactStarter implements PromoteArtifactStarter, AutoCloseable {

    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    private static final String STATE_MACHINE_ARN_FORM =
            "arn:{partition}:states:{region}:{account}:stateMachine:{name}[:{version or alias}]";

    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnPromoteArtifactStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = requireStateMachineArn(stateMachineArn);
    }

    /**
     * The starter a Lambda builds at init: {@value #STATE_MACHINE_ARN} and {@value #AWS_REGION} are
     * required, {@value #AWS_ENDPOINT_URL} points the client at a local or emulated endpoint when set.
     * Credentials come from the SDK's default chain.
     *
     * @throws IllegalStateException naming the variable that is missing or malformed
     */
    public static SfnPromoteArtifactStarter fromEnvironment(Map<String, String> environment) {
        String stateMachineArn = requireStateMachineArn(environment.get(STATE_MACHINE_ARN));
        String region = environment.get(AWS_REGION);
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("environment variable " + AWS_REGION
                    + " is not set; expected the region of the state machine, e.g. eu-west-1");
        }
        String endpoint = environment.get(AWS_ENDPOINT_URL);
        if (endpoint != null && !endpoint.isBlank()) {
            requireEndpointUrl(endpoint.strip()); // a clear error, rather than the SDK's
        }
        return new SfnPromoteArtifactStarter(AwsClientConfig.configure(SfnClient.builder(), environment).build(), stateMachineArn);
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /**
     * @throws software.amazon.awssdk.core.exception.SdkException on any other failure (throttling,
     *         access denied), so the invocation fails and is retried; retrying is safe by construction
     */
    @Override
    public StartedExecution start(String executionName, String input) {
        try {
            StartExecutionResponse response = sfn.startExecution(request -> request
                    .stateMachineArn(stateMachineArn)
                    .name(executionName)
                    .input(input));
            return new StartedExecution(executionName, response.executionArn(), false);
        } catch (ExecutionAlreadyExistsException alreadyStarted) {
            return new StartedExecution(executionName, executionArn(executionName), true);
        }
    }

    // The ARN Step Functions gives an execution: the unqualified state machine's, with "execution" and the name.
    private String executionArn(String name) {
        String[] parts = stateMachineArn.split(":", 8);
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "execution", parts[6], name);
    }

    private static String requireStateMachineArn(String arn) {
        if (arn == null || arn.isBlank()) {
            throw new IllegalStateException("environment variable " + STATE_MACHINE_ARN
                    + " is not set; expected the promote-artifact state machine ARN, " + STATE_MACHINE_ARN_FORM);
        }
        String[] parts = arn.strip().split(":", -1);
        if (parts.length < 7 || parts.length > 8 || !parts[0].equals("arn") || !parts[2].equals("states")
                || !parts[5].equals("stateMachine") || parts[6].isEmpty() || (parts.length == 8 && parts[7].isEmpty())) {
            throw new IllegalStateException("environment variable " + STATE_MACHINE_ARN + " is '" + arn
                    + "'; expected a state machine ARN, " + STATE_MACHINE_ARN_FORM);
        }
        return arn.strip();
    }

    private static URI requireEndpointUrl(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("environment variable " + AWS_ENDPOINT_URL + " is '" + endpoint
                    + "'; expected an absolute URL such as http://127.0.0.1:4566");
        }
    }

    @Override
    public void close() {
        sfn.close();
    }
}
