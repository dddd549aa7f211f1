package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.path.JsonPath;
import dev.controlplane.local.iam.AccessRequest;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge for one environment: its buses (the account's default bus and the template's), their rules matched
 * by pattern with AWS's own matcher (Event Ruler, the library EventBridge uses), and the API the functions and the
 * AWS CLI call (PutEvents, ListEventBuses, DescribeEventBus, ListRules) in AWS's JSON 1.1 protocol. An event may name
 * a bus of another environment served here (by ARN); whether the caller may put it there is decided before, on the
 * AWS endpoint, by the caller's role and the bus's policy. A rule's target starts its state machine with the target's
 * role (denied if that role may not) or invokes its function; what a target refuses is written to the runtime log.
 */
final class EventBridgeServer implements AutoCloseable {
    static final Set<String> ACTIONS = Set.of("PutEvents", "ListEventBuses", "DescribeEventBus", "ListRules");
    private static final String PREFIX = "AWSEvents.";
    /** AWS's limit on the entries of one PutEvents call. */
    private static final int MAX_ENTRIES = 10;
    /** AWS's limit on one entry's size, in bytes. */
    private static final int MAX_ENTRY_BYTES = 256 * 1024;

    /** Where a rule's targets go: a state machine execution started, a function invoked. */
    interface Targets {
        /** @return the new execution's ARN */
        String startExecution(String stateMachineArn, JsonNode input);

        JsonNode invoke(String functionName, JsonNode payload);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final EventBuses buses;
    private final String region;
    private final String account;
    private final LocalIam iam;
    private final Targets targets;
    private final PrintStream log;
    private final List<Bus> own = new ArrayList<>();

    private EventBridgeServer(HttpServer server, EventBuses buses, String region, String account, LocalIam iam, Targets targets, PrintStream log) {
        this.server = server;
        this.buses = buses;
        this.region = region;
        this.account = account;
        this.iam = iam;
        this.targets = targets;
        this.log = log;
    }

    /**
     * Serves the template's buses and rules, registering its buses with {@code buses}.
     *
     * @throws IllegalArgumentException naming a rule whose pattern Event Ruler refuses, or a rule on a bus that this
     *                                  template does not create (nor the default bus)
     */
    static EventBridgeServer start(LocalTemplate template, EventBuses buses, LocalIam iam, Targets targets, PrintStream log) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the EventBridge endpoint: " + e.getMessage(), e);
        }
        EventBridgeServer s = new EventBridgeServer(server, buses, template.stack().region(), template.stack().accountId(), iam, targets, log);
        try {
            s.declare(template);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        server.setExecutor(s.threads);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    private void declare(LocalTemplate template) {
        List<String> arns = new ArrayList<>();
        arns.add(iam.eventBusArn("default"));
        template.eventBuses().forEach(b -> arns.add(b.arn()));
        for (String arn : arns) {
            List<LocalTemplate.EventRule> rules = template.eventRules().stream().filter(r -> r.busArn().equals(arn)).toList();
            own.add(new Bus(arn, rules));
        }
        for (LocalTemplate.EventRule r : template.eventRules()) {
            if (!arns.contains(r.busArn())) {
                throw new IllegalArgumentException(r.logicalId() + ": its EventBusName " + r.busArn()
                        + " is neither a bus of this template nor the account's default bus");
            }
        }
        own.forEach(buses::register);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** One line per bus with its rules, for up's start-up summary. */
    List<String> describe() {
        return own.stream().map(b -> b.arn + (b.rules.isEmpty() ? "" : " rules " + String.join(", ", b.rules()))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        AwsJsonServer.handle(exchange, PREFIX, ACTIONS, this::call);
    }

    private ObjectNode call(String action, JsonNode r) {
        return switch (action) {
            case "PutEvents" -> putEvents(r);
            case "ListEventBuses" -> {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("EventBuses");
                String prefix = r.path("NamePrefix").asText("");
                for (String arn : buses.arnsOf(account)) {
                    String name = arn.substring(arn.indexOf(":event-bus/") + ":event-bus/".length());
                    if (name.startsWith(prefix)) list.addObject().put("Name", name).put("Arn", arn);
                }
                yield out;
            }
            case "DescribeEventBus" -> {
                String arn = iam.eventBusArn(r.path("Name").asText(null));
                if (buses.find(arn) == null) throw notFound(arn);
                yield Json.object().put("Name", arn.substring(arn.indexOf(":event-bus/") + ":event-bus/".length())).put("Arn", arn);
            }
            case "ListRules" -> {
                String arn = iam.eventBusArn(r.path("EventBusName").asText(null));
                EventBuses.Bus bus = buses.find(arn);
                if (bus == null) throw notFound(arn);
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("Rules");
                String prefix = r.path("NamePrefix").asText("");
                for (String name : bus.rules()) {
                    if (name.startsWith(prefix)) list.addObject().put("Name", name).put("EventBusName", arn.substring(arn.lastIndexOf('/') + 1));
                }
                yield out;
            }
            default -> throw new AwsJsonCall.Refused("UnknownOperationException", "unknown action " + action);
        };
    }

    private static AwsJsonCall.Refused notFound(String busArn) {
        return new AwsJsonCall.Refused("ResourceNotFoundException", "Event bus " + busArn.substring(busArn.lastIndexOf('/') + 1) + " does not exist.");
    }

    /** PutEvents: each entry checked and sent to its bus; an entry that is not valid fails alone, as in AWS. */
    private ObjectNode putEvents(JsonNode r) {
        JsonNode entries = r.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new AwsJsonCall.Refused("ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy"
                    + " constraint: Member must have length between 1 and " + MAX_ENTRIES + " (it has " + (entries.isArray() ? entries.size() : 0) + ")");
        }
        List<EventBuses.Bus> to = new ArrayList<>();
        for (JsonNode entry : entries) {
            EventBuses.Bus bus = buses.find(iam.eventBusArn(entry.path("EventBusName").asText(null)));
            if (bus == null) throw notFound(iam.eventBusArn(entry.path("EventBusName").asText(null)));
            to.add(bus);
        }
        ObjectNode out = Json.object();
        ArrayNode answers = out.putArray("Entries");
        int failed = 0;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String problem = problem(entry);
            if (problem != null) {
                failed++;
                answers.addObject().put("ErrorCode", problem.substring(0, problem.indexOf(':')))
                        .put("ErrorMessage", problem.substring(problem.indexOf(':') + 2));
                continue;
            }
            ObjectNode event = envelope(entry);
            answers.addObject().put("EventId", event.get("id").asText());
            EventBuses.Bus bus = to.get(i);
            threads.submit(() -> bus.deliver(event));
        }
        out.put("FailedEntryCount", failed);
        return out;
    }

    /** Why an entry cannot be put ("Code: message"), or null. */
    private static String problem(JsonNode entry) {
        if (!entry.path("Source").isTextual() || entry.get("Source").asText().isEmpty()) return "InvalidArgument: Parameter Source is not valid. Reason: Source is a required argument.";
        if (!entry.path("DetailType").isTextual() || entry.get("DetailType").asText().isEmpty()) return "InvalidArgument: Parameter DetailType is not valid. Reason: DetailType is a required argument.";
        if (!entry.path("Detail").isTextual()) return "InvalidArgument: Parameter Detail is not valid. Reason: Detail is a required argument.";
        try {
            if (!Json.MAPPER.readTree(entry.get("Detail").asText()).isObject()) return "MalformedDetail: Detail is malformed.";
        } catch (IOException e) {
            return "MalformedDetail: Detail is malformed.";
        }
        if (entry.toString().getBytes(StandardCharsets.UTF_8).length > MAX_ENTRY_BYTES) return "InvalidArgument: Total size of the entries in the request is over the limit.";
        return null;
    }

    /** The event as EventBridge delivers it: the entry in its envelope, from this account and region. */
    private ObjectNode envelope(JsonNode entry) {
        ObjectNode event = Json.object();
        event.put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", entry.get("DetailType").asText())
                .put("source", entry.get("Source").asText()).put("account", account);
        Instant time = Instant.now();
        if (entry.path("Time").isNumber()) time = Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000));
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString()).put("region", region);
        ArrayNode resources = event.putArray("resources");
        for (JsonNode res : entry.path("Resources")) resources.add(res.asText());
        try {
            event.set("detail", Json.MAPPER.readTree(entry.get("Detail").asText()));
        } catch (IOException e) {
            throw new IllegalStateException("checked before", e);
        }
        return event;
    }

    @Override
    public void close() {
        own.forEach(buses::unregister);
        server.stop(0);
        threads.shutdownNow();
    }

    /** One bus of this environment, its rules in an Event Ruler machine. */
    private final class Bus implements EventBuses.Bus {
        private final String arn;
        private final List<LocalTemplate.EventRule> rules;
        private final Machine machine = new Machine();

        Bus(String arn, List<LocalTemplate.EventRule> rules) {
            this.arn = arn;
            this.rules = rules;
            for (LocalTemplate.EventRule r : rules) {
                try {
                    machine.addRule(r.logicalId(), r.pattern());
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(r.logicalId() + ".EventPattern is not a pattern EventBridge accepts: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public String arn() {
            return arn;
        }

        @Override
        public List<String> rules() {
            return rules.stream().map(LocalTemplate.EventRule::name).toList();
        }

        @Override
        public void deliver(ObjectNode event) {
            List<String> matched = machine.rulesForJSONEvent(event);
            for (LocalTemplate.EventRule rule : rules) {
                if (!rule.enabled() || !matched.contains(rule.logicalId())) continue;
                for (LocalTemplate.EventTarget target : rule.targets()) send(rule, target, event);
            }
        }

        private void send(LocalTemplate.EventRule rule, LocalTemplate.EventTarget target, ObjectNode event) {
            String where = "events: rule " + rule.name() + " target " + target.id() + " (event " + event.get("id").asText() + ")";
            JsonNode input;
            try {
                input = target.input() != null ? Json.parse(target.input())
                        : target.inputPath() != null ? JsonPath.compile(target.inputPath()).readFrom(event) : event;
            } catch (RuntimeException e) {
                log.println(where + ": its input could not be made: " + e.getMessage());
                return;
            }
            if (target.kind() == LocalTemplate.TargetKind.STATE_MACHINE) {
                if (target.roleArn() == null) {
                    log.println(where + ": not started, the target has no RoleArn (EventBridge needs one to start an execution)");
                    return;
                }
                LocalIam.Denial denial = iam.checkAsRole(target.roleArn(), new AccessRequest("states:StartExecution", target.arn()));
                if (denial != null) {
                    log.println(where + ": AccessDenied: " + denial.message());
                    return;
                }
                try {
                    log.println(where + ": started " + targets.startExecution(target.arn(), input));
                } catch (RuntimeException e) {
                    log.println(where + ": " + target.arn() + " refused the execution: " + e.getMessage());
                }
            } else {
                String function = LocalTemplate.functionName(target.arn());
                try {
                    targets.invoke(function, input);
                    log.println(where + ": invoked " + function);
                } catch (StatesError e) {
                    log.println(where + ": " + function + " failed: " + e.error());
                } catch (RuntimeException e) {
                    log.println(where + ": " + function + " could not be invoked: " + e.getMessage());
                }
            }
        }
    }
}
