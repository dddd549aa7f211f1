package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import dev.controlplane.local.template.StackContext;
import dev.controlplane.local.template.TemplateSource;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * EventBridge across two environments as up serves them: dev's roles put events on staging's bus through dev's
 * endpoint, decided by their own policies and the bus's policy; staging's rule matches by pattern and starts its
 * target with the target's role.
 */
@IntegrationTest
class EventBridgeTest {
    static final String BUS = "arn:aws:events:eu-west-1:222222222222:event-bus/promotions";
    static final String PULL = "arn:aws:states:eu-west-1:222222222222:stateMachine:pull";

    static final String DEV = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Announcer:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: announcer
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
                  Policies:
                    - PolicyName: announce
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - {Effect: Allow, Action: events:PutEvents, Resource: %s}
              Bystander:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: bystander
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
                  Policies:
                    - PolicyName: reads
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - {Effect: Allow, Action: s3:GetObject, Resource: '*'}
            """.formatted(BUS);

    static final String STAGING = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Promotions:
                Type: AWS::Events::EventBus
                Properties:
                  Name: promotions
                  Policy:
                    Version: '2012-10-17'
                    Statement:
                      - Sid: DevAnnouncesReleases
                        Effect: Allow
                        Principal: {AWS: 'arn:aws:iam::111111111111:root'}
                        Action: events:PutEvents
                        Resource: %1$s
                        Condition:
                          StringEquals: {events:source: controlplane.promotion}
              StartsPull:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: starts-pull
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
                  Policies:
                    - PolicyName: start
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - {Effect: Allow, Action: states:StartExecution, Resource: %2$s}
              StartsNothing:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: starts-nothing
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
              PullOnRelease:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref Promotions
                  EventPattern:
                    source: [controlplane.promotion]
                    detail-type: [Version released]
                    account: ['111111111111']
                  Targets:
                    - {Id: pull, Arn: %2$s, RoleArn: !GetAtt StartsPull.Arn}
              PullWithoutRight:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref Promotions
                  EventPattern: {detail-type: [Rollback requested]}
                  Targets:
                    - {Id: pull, Arn: %2$s, RoleArn: !GetAtt StartsNothing.Arn, InputPath: $.detail}
            """.formatted(BUS, PULL);

    @TempDir
    Path dir;

    final BlockingQueue<JsonNode> started = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    final EventBuses buses = new EventBuses();
    EventBridgeServer devEvents;
    EventBridgeServer stagingEvents;
    AwsGateway devEndpoint;
    LocalIam devIam;

    @BeforeEach
    void serveBoth() throws Exception {
        LocalTemplate dev = template("dev", DEV, "111111111111");
        LocalTemplate staging = template("staging", STAGING, "222222222222");
        devIam = new LocalIam(dev, Map.of(), name -> name);
        devIam.learn(staging);
        LocalIam stagingIam = new LocalIam(staging, Map.of(), name -> name);
        EventBridgeServer.Targets targets = new EventBridgeServer.Targets() {
            @Override
            public String startExecution(String stateMachineArn, JsonNode input) {
                started.add(input);
                return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + started.size();
            }

            @Override
            public JsonNode invoke(String functionName, JsonNode payload) {
                throw new AssertionError("no function targets here");
            }
        };
        devEvents = EventBridgeServer.start(dev, buses, devIam, targets, log);
        stagingEvents = EventBridgeServer.start(staging, buses, stagingIam, targets, log);
        devEndpoint = AwsGateway.start(0, Map.of("events", devEvents.url()), write -> {});
        devEndpoint.enforce(devIam, log);
    }

    @AfterEach
    void stop() {
        devEndpoint.close();
        devEvents.close();
        stagingEvents.close();
    }

    LocalTemplate template(String name, String yaml, String account) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return TemplateSource.read(file).resolve(Map.of(), new StackContext("eu-west-1", account, "controlplane-" + name));
    }

    EventBridgeClient client(String accessKey) {
        return EventBridgeClient.builder().endpointOverride(devEndpoint.url()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, LocalIam.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static PutEventsRequestEntry release(String source, String detailType) {
        return PutEventsRequestEntry.builder().eventBusName(BUS).source(source).detailType(detailType)
                .detail("{\"artifact\": \"sales/etl\", \"version\": \"1.4.0\"}").build();
    }

    @Test
    void aRoleOfDevPutsAReleaseOnStagingsBusAndStagingsRuleStartsItsPull() throws Exception {
        try (EventBridgeClient events = client(devIam.accessKeyOf("Announcer"))) {
            PutEventsResponse put = events.putEvents(p -> p.entries(release("controlplane.promotion", "Version released"),
                    release("controlplane.promotion", "Version retired")));
            assertThat(put.failedEntryCount()).isZero();
            assertThat(put.entries()).allSatisfy(e -> assertThat(e.eventId()).isNotBlank());

            JsonNode event = started.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("the release started staging's pull").isNotNull();
            assertThat(event.get("account").asText()).as("the sender's account").isEqualTo("111111111111");
            assertThat(event.get("detail-type").asText()).isEqualTo("Version released");
            assertThat(event.at("/detail/version").asText()).isEqualTo("1.4.0");
            assertThat(event.get("id").asText()).isEqualTo(put.entries().getFirst().eventId());
            assertThat(started.poll(300, TimeUnit.MILLISECONDS)).as("the retirement matches no rule").isNull();
        }
    }

    @Test
    void theBusPolicyAndTheCallersOwnPolicyMustBothAllow() {
        try (EventBridgeClient announcer = client(devIam.accessKeyOf("Announcer"));
             EventBridgeClient bystander = client(devIam.accessKeyOf("Bystander"))) {
            assertThatThrownBy(() -> bystander.putEvents(p -> p.entries(release("controlplane.promotion", "Version released"))))
                    .isInstanceOf(EventBridgeException.class)
                    .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                    .hasMessageContaining("assumed-role/bystander").hasMessageContaining("events:PutEvents").hasMessageContaining(BUS);
            assertThatThrownBy(() -> announcer.putEvents(p -> p.entries(release("someone.else", "Version released"))))
                    .as("the bus admits dev's events of one source only")
                    .isInstanceOf(EventBridgeException.class).hasMessageContaining("events:PutEvents")
                    .hasMessageContaining("resource-based policy");
        }
        assertThat(started).isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("events:PutEvents");
    }

    @Test
    void aTargetRoleThatMayNotStartTheStateMachineStartsNothingAndIsLogged() throws Exception {
        try (EventBridgeClient admin = client("AKIDLOCALADMIN")) {
            PutEventsResponse put = admin.putEvents(p -> p.entries(PutEventsRequestEntry.builder().eventBusName(BUS)
                    .source("controlplane.console").detailType("Rollback requested").detail("{\"to\": \"1.3.0\"}").build()));
            assertThat(put.failedEntryCount()).isZero();
            String id = put.entries().getFirst().eventId();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!logged.toString(StandardCharsets.UTF_8).contains(id) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(logged.toString(StandardCharsets.UTF_8)).contains("PullWithoutRight").contains(id)
                    .contains("AccessDenied").contains("assumed-role/starts-nothing").contains("states:StartExecution on resource: " + PULL);
            assertThat(started).isEmpty();
        }
    }

    @Test
    void badEntriesFailAloneAndAnUnknownBusIsNamed() {
        try (EventBridgeClient admin = client("AKIDLOCALADMIN")) {
            PutEventsResponse put = admin.putEvents(p -> p.entries(
                    PutEventsRequestEntry.builder().eventBusName(BUS).source("a.b").detailType("t").detail("not json").build(),
                    PutEventsRequestEntry.builder().eventBusName(BUS).detailType("t").detail("{}").build(),
                    PutEventsRequestEntry.builder().eventBusName(BUS).source("a.b").detailType("t").detail("{}").build()));
            assertThat(put.failedEntryCount()).isEqualTo(2);
            assertThat(put.entries().get(0).errorCode()).isEqualTo("MalformedDetail");
            assertThat(put.entries().get(1).errorCode()).isEqualTo("InvalidArgument");
            assertThat(put.entries().get(1).errorMessage()).contains("Source");
            assertThat(put.entries().get(2).eventId()).isNotBlank();

            assertThatThrownBy(() -> admin.putEvents(p -> p.entries(PutEventsRequestEntry.builder()
                    .eventBusName("arn:aws:events:eu-west-1:333333333333:event-bus/promotions").source("a.b").detailType("t").detail("{}").build())))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Event bus promotions does not exist");
            assertThat(admin.listEventBuses(l -> l.namePrefix("")).eventBuses()).extracting(b -> b.arn())
                    .containsExactly("arn:aws:events:eu-west-1:111111111111:event-bus/default");
        }
    }
}
