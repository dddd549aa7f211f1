package dev.controlplane.databricks;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A workspace that answers from memory, for SnapStart priming only: the SDK builds, authenticates and serialises
 * each request and parses each answer as with a real workspace, and nothing leaves the process. It answers the calls
 * of a launch (the policy listing and creation, a submit, a run that ended, its output, a cancel) and of a table
 * clone (a statement sent, then found ended) with made-up values, and 404 to anything else.
 */
public final class PrimingTransport implements HttpClient {

    private static final Map<String, String> ANSWERS = Map.of(
            "/policies/clusters/list", "{\"policies\":[]}",
            "/policies/clusters/create", "{\"policy_id\":\"snapstart-priming\"}",
            "/policies/clusters/get", "{\"policy_id\":\"snapstart-priming\",\"name\":\"snapstart-priming\",\"definition\":\"{}\"}",
            "/jobs/runs/submit", "{\"run_id\":1}",
            "/jobs/runs/get", "{\"run_id\":1,\"run_page_url\":\"https://snapstart-priming.invalid/#job/1/run/1\","
                    + "\"start_time\":1735689600000,\"end_time\":1735689660000,\"state\":{\"life_cycle_state\":\"TERMINATED\","
                    + "\"result_state\":\"FAILED\",\"state_message\":\"snapstart-priming\"},\"tasks\":[{\"run_id\":2}]}",
            "/jobs/runs/get-output", "{\"error\":\"snapstart-priming\"}",
            "/jobs/runs/cancel", "{}",
            "/sql/statements", "{\"statement_id\":\"snapstart-priming\",\"status\":{\"state\":\"PENDING\"}}",
            "/sql/statements/snapstart-priming", "{\"statement_id\":\"snapstart-priming\",\"status\":{\"state\":\"SUCCEEDED\"}}");

    @Override
    public Response execute(Request request) throws IOException {
        String path = request.getUri().getPath();
        String answer = ANSWERS.entrySet().stream().filter(e -> path.endsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        int status = answer == null ? 404 : 200;
        byte[] body = (answer == null ? "{\"error_code\":\"NOT_FOUND\",\"message\":\"not primed: " + path + "\"}" : answer)
                .getBytes(StandardCharsets.UTF_8);
        URL url = request.getUri().toURL();
        return new Response(request, url, status, status == 200 ? "OK" : "Not Found",
                Map.of("Content-Type", List.of("application/json")), new ByteArrayInputStream(body));
    }
}
