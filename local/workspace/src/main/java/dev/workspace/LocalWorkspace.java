package dev.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Databricks workspace: an HTTP server on loopback speaking the REST API subset the
 * Databricks SDK for Java calls to run one-time jobs on job clusters under cluster policies, set
 * permissions and execute SQL statements. Point a real {@code WorkspaceClient} at {@link #url()}.
 */
public final class LocalWorkspace implements AutoCloseable {

    /** A handler of one endpoint. */
    @FunctionalInterface
    private interface Handler {
        JsonNode handle(ApiRequest request) throws InterruptedException;
    }

    private record Route(String method, Pattern endpoint, Handler handler) {}

    private static final Pattern API_PREFIX = Pattern.compile("^/api/2\\.[0-9]/(.+)$");

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final String url;
    private final WorkspaceOptions options;
    private final FaultPlan faults = new FaultPlan();
    private final Stages stages = new Stages();
    private final SqlWarehouse sql;
    private final JobRuns runs;
    private final WorkspaceJournal journal;
    private final List<Route> routes = new ArrayList<>();

    private LocalWorkspace(WorkspaceOptions options) throws IOException {
        this.options = options;
        this.journal = options.stateFile() == null ? WorkspaceJournal.none() : WorkspaceJournal.open(options.stateFile());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress address = new InetSocketAddress(loopback, options.port());
        if (options.tls() == null) {
            this.server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(options.tls()));
            this.server = https;
        }
        this.url = (options.tls() == null ? "http://" : "https://") + loopback.getHostAddress() + ":"
                + server.getAddress().getPort();
        Permissions permissions = new Permissions(journal);
        ClusterPolicies policies = new ClusterPolicies(permissions, stages, journal);
        Clusters clusters = new Clusters(policies, permissions, faults, stages, options.timings(), journal);
        this.runs = new JobRuns(clusters, policies, permissions, faults, stages, options, url, journal);
        this.sql = new SqlWarehouse(stages, options.timings().statement(), journal);
        try {
            permissions.restore();
            policies.restore();
            clusters.restore();
            runs.restore();
            sql.restore();
        } catch (RuntimeException e) {
            server.stop(0);
            stages.close();
            journal.close();
            throw e;
        }

        route("POST", "clusters/create", clusters::create);
        route("GET", "clusters/get", clusters::get);
        route("GET", "clusters/list", clusters::list);
        route("POST", "clusters/delete", clusters::delete);
        route("POST", "jobs/runs/submit", runs::submit);
        route("GET", "jobs/runs/get", runs::get);
        route("GET", "jobs/runs/get-output", runs::getOutput);
        route("POST", "jobs/runs/cancel", runs::cancel);
        route("GET", "jobs/runs/list", runs::list);
        route("POST", "policies/clusters/create", policies::create);
        route("POST", "policies/clusters/edit", policies::edit);
        route("GET", "policies/clusters/get", policies::get);
        route("GET", "policies/clusters/list", policies::list);
        route("POST", "policies/clusters/delete", policies::delete);
        route("GET", "permissions/*/*/permissionLevels", permissions::levels);
        route("GET", "permissions/*/*", permissions::get);
        route("PUT", "permissions/*/*", permissions::set);
        route("PATCH", "permissions/*/*", permissions::update);
        route("POST", "sql/statements", sql::execute);
        route("GET", "sql/statements/*", sql::get);
        route("POST", "sql/statements/*/cancel", sql::cancel);
        route("GET", "preview/scim/v2/Me", request -> Json.object()
                .put("userName", request.caller())
                .put("displayName", request.caller())
                .put("active", true));

        this.requestThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requestThreads);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts a workspace on 127.0.0.1 and the port of the options (a free one when 0). */
    public static LocalWorkspace start(WorkspaceOptions options) {
        try {
            return new LocalWorkspace(options);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local Databricks workspace on port " + options.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The host to give the SDK, e.g. http://127.0.0.1:40123 (https with {@link WorkspaceOptions#withTls}). */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What starting found wrong with the state file of the options (a last line cut short, a damaged file set aside). */
    public List<String> notes() {
        return journal.notes();
    }

    /** Faults to inject (429, 500, a failed run, a cluster that never starts) and the calls seen. */
    public FaultPlan faults() {
        return faults;
    }

    /** The SQL statements sent, and which ones fail. */
    public SqlWarehouse sql() {
        return sql;
    }

    @Override
    public void close() {
        server.stop(0);
        runs.stopProcesses();
        stages.close();
        requestThreads.shutdownNow();
        journal.close();
    }

    private void route(String method, String endpoint, Handler handler) {
        String regex = Pattern.quote(endpoint).replace("*", "\\E([^/]+)\\Q");
        routes.add(new Route(method, Pattern.compile(regex), handler));
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/.well-known/databricks-config")) {
                // Read by the SDK at start, before any credentials: the host metadata of the workspace.
                answer(exchange, 200, Json.object()
                        .put("workspace_id", Long.toString(options.workspaceId()))
                        .put("cloud", "aws")
                        .put("oidc_endpoint", url + "/oidc"));
                return;
            }
            try {
                String caller = authenticate(exchange);
                Matcher api = API_PREFIX.matcher(path);
                if (!api.matches()) {
                    throw noApi(exchange, path);
                }
                String endpoint = api.group(1);
                Optional<FaultPlan.InjectedFault> fault = faults.onCall(endpoint);
                if (fault.isPresent() && fault.get().dropsConnection()) {
                    // closed with no answer: the client sees the connection end, as when a proxy drops it
                    exchange.getRequestBody().readAllBytes();
                    exchange.close();
                    return;
                }
                if (fault.isPresent()) {
                    if (fault.get().retryAfterSeconds() >= 0) {
                        exchange.getResponseHeaders().add("Retry-After",
                                Integer.toString(fault.get().retryAfterSeconds()));
                    }
                    throw new ApiException(fault.get().status(), fault.get().errorCode(), fault.get().message());
                }
                answer(exchange, 200, dispatch(exchange, endpoint, caller, path));
            } catch (ApiException e) {
                answer(exchange, e.status(), Json.object().put("error_code", e.errorCode()).put("message", e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 503, Json.object().put("error_code", "TEMPORARILY_UNAVAILABLE")
                        .put("message", "The local workspace is shutting down."));
            } catch (RuntimeException e) {
                answer(exchange, 500, Json.object().put("error_code", "INTERNAL_ERROR")
                        .put("message", "The local workspace failed on " + exchange.getRequestMethod() + " " + path
                                + ": " + e.getClass().getSimpleName()));
            }
        }
    }

    private JsonNode dispatch(HttpExchange exchange, String endpoint, String caller, String path)
            throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        for (Route route : routes) {
            Matcher m = route.endpoint().matcher(endpoint);
            if (route.method().equals(method) && m.matches()) {
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    ids.add(m.group(i));
                }
                ApiRequest request = new ApiRequest(method, endpoint, query(exchange), body(exchange), caller,
                        List.copyOf(ids));
                return route.handler().handle(request);
            }
        }
        throw noApi(exchange, path);
    }

    private String authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw new ApiException(401, "UNAUTHENTICATED",
                    "Credential was not sent or was of an unsupported type for this API.");
        }
        String user = options.tokens().get(header.substring("Bearer ".length()).strip());
        if (user == null) {
            throw new ApiException(403, "PERMISSION_DENIED", "Invalid access token.");
        }
        return user;
    }

    private static ApiException noApi(HttpExchange exchange, String path) {
        return new ApiException(404, "ENDPOINT_NOT_FOUND",
                "No API found for '" + exchange.getRequestMethod() + " " + path + "'");
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return Json.object();
            }
            try {
                JsonNode node = Json.MAPPER.readTree(bytes);
                return node == null ? Json.object() : node;
            } catch (JsonProcessingException e) {
                throw new ApiException(400, "MALFORMED_REQUEST", "Invalid JSON in the request body: "
                        + e.getOriginalMessage());
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
