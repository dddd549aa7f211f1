package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aslengine.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The Secrets Manager API subset the functions and the AWS CLI use (GetSecretValue, DescribeSecret, ListSecrets,
 * PutSecretValue, CreateSecret) in AWS's JSON 1.1 protocol, over the {@link LocalSecrets} file. A secret is found by
 * name, ARN or partial ARN, as in AWS; values appear only in GetSecretValue answers.
 */
final class SecretsManagerServer implements AutoCloseable {
    /** A secret's identity: its name, ARN and description. */
    record SecretEntry(String name, String arn, String description, Instant created) {}

    static final Set<String> ACTIONS = Set.of("GetSecretValue", "DescribeSecret", "ListSecrets", "PutSecretValue", "CreateSecret");
    private static final String PREFIX = "secretsmanager.";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final LocalSecrets values;
    private final Function<String, String> arnOf;
    private final Map<String, SecretEntry> secrets = new TreeMap<>();

    private SecretsManagerServer(HttpServer server, LocalSecrets values, Function<String, String> arnOf) {
        this.server = server;
        this.values = values;
        this.arnOf = arnOf;
    }

    /** @param arnOf the ARN of a secret of that name (the template's naming, with its six-character suffix) */
    static SecretsManagerServer start(LocalSecrets values, Function<String, String> arnOf) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the Secrets Manager endpoint: " + e.getMessage(), e);
        }
        SecretsManagerServer s = new SecretsManagerServer(server, values, arnOf);
        server.setExecutor(s.threads);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Declares a secret (from the template or the platform config); its value lives in the secrets file. */
    synchronized void declare(String name, String description) {
        secrets.putIfAbsent(name, new SecretEntry(name, arnOf.apply(name), description, Instant.now()));
    }

    synchronized Set<String> names() {
        return Set.copyOf(secrets.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        AwsJsonServer.handle(exchange, PREFIX, ACTIONS, this::call);
    }

    private synchronized ObjectNode call(String action, JsonNode r) {
        return switch (action) {
            case "GetSecretValue" -> {
                SecretEntry s = find(r);
                String value = values.value(s.name());
                if (value == null) {
                    throw new AwsJsonCall.Refused("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
                }
                ObjectNode out = identity(s).put("VersionId", versionId(value)).put("SecretString", value);
                out.putArray("VersionStages").add("AWSCURRENT");
                out.put("CreatedDate", epochSeconds(s.created()));
                yield out;
            }
            case "DescribeSecret" -> {
                SecretEntry s = find(r);
                ObjectNode out = identity(s);
                if (s.description() != null) out.put("Description", s.description());
                out.put("CreatedDate", epochSeconds(s.created()));
                String value = values.value(s.name());
                if (value != null) out.putObject("VersionIdsToStages").putArray(versionId(value)).add("AWSCURRENT");
                yield out;
            }
            case "ListSecrets" -> {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("SecretList");
                for (SecretEntry s : secrets.values()) {
                    ObjectNode item = identity(s);
                    if (s.description() != null) item.put("Description", s.description());
                    item.put("CreatedDate", epochSeconds(s.created()));
                    list.add(item);
                }
                yield out;
            }
            case "PutSecretValue" -> {
                SecretEntry s = find(r);
                String value = requiredString(r, "SecretString");
                values.put(s.name(), value);
                ObjectNode out = identity(s).put("VersionId", versionId(value));
                out.putArray("VersionStages").add("AWSCURRENT");
                yield out;
            }
            case "CreateSecret" -> {
                String name = requiredString(r, "Name");
                if (secrets.containsKey(name)) {
                    throw new AwsJsonCall.Refused("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
                }
                declare(name, r.path("Description").asText(null));
                if (r.hasNonNull("SecretString")) values.put(name, r.get("SecretString").asText());
                SecretEntry s = secrets.get(name);
                ObjectNode out = identity(s);
                if (r.hasNonNull("SecretString")) out.put("VersionId", versionId(r.get("SecretString").asText()));
                yield out;
            }
            default -> throw new AwsJsonCall.Refused("UnknownOperationException", action);
        };
    }

    private SecretEntry find(JsonNode r) {
        String id = requiredString(r, "SecretId");
        SecretEntry byName = secrets.get(id);
        if (byName != null) return byName;
        for (SecretEntry s : secrets.values()) {
            // a full ARN, or a partial one without the six-character suffix
            if (s.arn().equals(id) || id.startsWith("arn:") && s.arn().startsWith(id + "-") && s.arn().length() == id.length() + 7) return s;
        }
        throw new AwsJsonCall.Refused("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private static String requiredString(JsonNode r, String member) {
        JsonNode v = r.get(member);
        if (v == null || v.isNull()) {
            throw new AwsJsonCall.Refused("ValidationException", "1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (!v.isTextual()) throw new AwsJsonCall.Refused("SerializationException", "Member '" + member + "' must be a JSON string");
        return v.textValue();
    }

    private static ObjectNode identity(SecretEntry s) {
        return Json.object().put("ARN", s.arn()).put("Name", s.name());
    }

    /** A version id that changes exactly when the value does (never the value itself). */
    private static String versionId(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(hash).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return new BigDecimal(instant.toEpochMilli()).movePointLeft(3);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
