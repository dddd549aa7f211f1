package dev.controlplane.local;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local in this process, its database a file under the data folder (one database for every region and
 * credential), and the template's tables created in it when they do not exist yet.
 */
final class DynamoDbService implements AutoCloseable {
    private static final String JSON = "application/x-amz-json-1.0";
    /** The properties of AWS::DynamoDB::Table that CreateTable takes as they are. */
    private static final List<String> CREATE_TABLE_MEMBERS = List.of("AttributeDefinitions", "KeySchema", "BillingMode",
            "ProvisionedThroughput", "TableClass", "DeletionProtectionEnabled");

    /** sqlite4java warns about its jar's version on every start; held here so the filter sticks. */
    private static final java.util.logging.Logger SQLITE_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private final Server server;
    private final LocalDynamoDBRequestHandler database;
    private final URI url;

    private DynamoDbService(Server server, LocalDynamoDBRequestHandler database, int port) {
        this.server = server;
        this.database = database;
        this.url = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * DynamoDB Local's own request handler on its own Jetty, listening on 127.0.0.1 only: its command line
     * ({@code ServerRunner}, {@code DynamoDBProxyServer}) has no option for the address and listens on every interface.
     * No CORS origin is allowed (its {@code -cors} unset), only a loopback name as Host is served, and no telemetry is
     * set up.
     */
    static DynamoDbService start(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the DynamoDB data folder " + folder + ": " + e.getMessage(), e);
        }
        // a filter, not a level: DynamoDB Local sets sqlite's level itself
        SQLITE_LOG.setFilter(r -> r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue());
        Server server = new Server();
        LocalDynamoDBRequestHandler database = null;
        try {
            // one database file for every region and credential (its -sharedDb), changes kept on disk (not -inMemory)
            database = new LocalDynamoDBRequestHandler(0, false, folder.toAbsolutePath().toString(), true, false);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
            connector.setPort(0);
            server.addConnector(connector);
            ContextHandler context = new ContextHandler();
            // served only to requests addressed to it by a loopback name (404 otherwise): not to a page whose name
            // was made to resolve to 127.0.0.1
            context.setVirtualHosts(List.of("127.0.0.1", "localhost", "[::1]"));
            context.setHandler(new LocalDynamoDBServerHandler(database, null));
            server.setHandler(context);
            server.start();
            return new DynamoDbService(server, database, connector.getLocalPort());
        } catch (Exception e) {
            stopQuietly(server, database);
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1 with its database in " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    private static void stopQuietly(Server server, LocalDynamoDBRequestHandler database) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: the database file is closed by the JVM's exit at worst
        }
        if (database != null) database.shutdown();
    }

    URI url() {
        return url;
    }

    /**
     * Creates each table that does not exist yet (with its indexes and TTL); an existing table is left as it is, data
     * and all.
     *
     * @return the names of the tables created now
     */
    List<String> ensureTables(List<LocalTemplate.Table> tables) {
        Set<String> existing = new HashSet<>();
        String start = null;
        do {
            ObjectNode list = Json.object();
            if (start != null) list.put("ExclusiveStartTableName", start);
            JsonNode page = call("ListTables", list);
            page.path("TableNames").forEach(n -> existing.add(n.asText()));
            start = page.path("LastEvaluatedTableName").asText(null);
        } while (start != null);
        List<String> created = new ArrayList<>();
        for (LocalTemplate.Table table : tables) {
            if (existing.contains(table.name())) continue;
            call("CreateTable", createTable(table));
            JsonNode ttl = table.properties().path("TimeToLiveSpecification");
            if (ttl.path("Enabled").asBoolean(false) && ttl.hasNonNull("AttributeName")) {
                ObjectNode update = Json.object().put("TableName", table.name());
                update.putObject("TimeToLiveSpecification").put("AttributeName", ttl.get("AttributeName").asText()).put("Enabled", true);
                call("UpdateTimeToLive", update);
            }
            created.add(table.name());
        }
        return created;
    }

    /** CreateTable's request from the table's CloudFormation properties (on-demand unless throughput is provisioned). */
    static ObjectNode createTable(LocalTemplate.Table table) {
        JsonNode p = table.properties();
        ObjectNode request = Json.object().put("TableName", table.name());
        for (String member : CREATE_TABLE_MEMBERS) {
            if (p.has(member)) request.set(member, p.get(member));
        }
        if (!request.has("BillingMode")) request.put("BillingMode", p.has("ProvisionedThroughput") ? "PROVISIONED" : "PAY_PER_REQUEST");
        for (String indexes : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            if (!p.has(indexes)) continue;
            ArrayNode out = request.putArray(indexes);
            for (JsonNode index : p.get(indexes)) {
                ObjectNode i = Json.object();
                for (String member : List.of("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")) {
                    if (index.has(member)) i.set(member, index.get(member));
                }
                out.add(i);
            }
        }
        JsonNode stream = p.path("StreamSpecification");
        if (stream.hasNonNull("StreamViewType")) {
            request.putObject("StreamSpecification").put("StreamEnabled", true).put("StreamViewType", stream.get("StreamViewType").asText());
        }
        return request;
    }

    private JsonNode call(String action, ObjectNode body) {
        return AwsJsonCall.call(url, "dynamodb", JSON, "DynamoDB_20120810." + action, body);
    }

    @Override
    public void close() {
        stopQuietly(server, database);
    }
}
