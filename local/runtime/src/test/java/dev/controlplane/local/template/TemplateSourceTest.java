package dev.controlplane.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateSourceTest {
    static final StackContext STACK = new StackContext("eu-west-1", "111111111111", "local");

    static LocalTemplate resolve(String yaml, Map<String, String> overrides) {
        TemplateSource source = TemplateSource.parse(Path.of("t.yaml"), yaml);
        return source.resolve(source.parameterValues(overrides), STACK);
    }

    static final String FUNCTION = """
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub fn-${Env}
                  Handler: a.B::handleRequest
                  Runtime: java21
            """;

    @Test
    void shortTagsBecomeIntrinsicsThatResolveAgainstParametersPseudoParametersAndResources() {
        LocalTemplate t = resolve("""
            Parameters:
              Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
              Buckets: {Type: CommaDelimitedList, Default: "a,b"}
            Mappings:
              Sizes: {dev: {Memory: 256}}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              NotProd: !Not [!Condition IsProd]
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub data-${Env}-${AWS::AccountId}-${AWS::Region}
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Join ["-", [fn, !Ref Env]]
                  Handler: a.B::handleRequest
                  Runtime: java21
                  MemorySize: !FindInMap [Sizes, !Ref Env, Memory]
                  Environment:
                    Variables:
                      BUCKET: !Ref Data
                      BUCKET_ARN: !GetAtt Data.Arn
                      OBJECTS: !Sub "${Data.Arn}/*"
                      SECOND: !Select [1, !Ref Buckets]
                      FIRST_OF_SPLIT: !Select [0, !Split [",", "x,y"]]
                      ONLY_IN_PROD: !If [IsProd, yes, !Ref AWS::NoValue]
                      MODE: !If [NotProd, relaxed, strict]
                      LITERAL: !Sub "${!NotAVariable}"
                      ENCODED: !Base64 hi
                      PARTITION: !Sub "${AWS::Partition}:${AWS::StackName}"
            """, Map.of());
        LocalTemplate.Function fn = t.functions().get(0);
        assertThat(fn.name()).isEqualTo("fn-dev");
        assertThat(fn.memoryMb()).isEqualTo(256);
        assertThat(fn.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "BUCKET", "data-dev-111111111111-eu-west-1",
                "BUCKET_ARN", "arn:aws:s3:::data-dev-111111111111-eu-west-1",
                "OBJECTS", "arn:aws:s3:::data-dev-111111111111-eu-west-1/*",
                "SECOND", "b",
                "FIRST_OF_SPLIT", "x",
                "MODE", "relaxed",
                "LITERAL", "${NotAVariable}",
                "ENCODED", "aGk=",
                "PARTITION", "aws:local"));
        assertThat(t.buckets()).extracting(LocalTemplate.Bucket::name).containsExactly("data-dev-111111111111-eu-west-1");
    }

    @Test
    void parametersAreOverriddenAndConditionsDropResources() {
        String yaml = """
            Parameters:
              Env: {Type: String, AllowedValues: [dev, prod]}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
            Resources:
              ProdOnly:
                Type: AWS::S3::Bucket
                Condition: IsProd
                Properties: {BucketName: prod-only}
            """ + FUNCTION;
        assertThat(resolve(yaml, Map.of("Env", "dev")).buckets()).isEmpty();
        assertThat(resolve(yaml, Map.of("Env", "prod")).buckets()).extracting(LocalTemplate.Bucket::name).containsExactly("prod-only");
        assertThat(resolve(yaml, Map.of("Env", "prod")).functions().get(0).name()).isEqualTo("fn-prod");
    }

    @Test
    void badParametersAreNamedWithWhatWasExpected() {
        String yaml = """
            Parameters:
              Env: {Type: String, AllowedValues: [dev, prod]}
              Size: {Type: Number, Default: "1", MaxValue: 5}
            Resources:
            """ + FUNCTION;
        assertThatThrownBy(() -> resolve(yaml, Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("parameter Env has no Default: give it with --parameter Env=VALUE");
        assertThatThrownBy(() -> resolve(yaml, Map.of("Env", "qa", "Size", "9", "Nope", "x")))
                .hasMessageContaining("parameter Env is 'qa'; expected one of [\"dev\",\"prod\"]")
                .hasMessageContaining("parameter Size is 9, above MaxValue 5")
                .hasMessageContaining("--parameter Nope: the template has no such parameter");
    }

    @Test
    void globalsMergeIntoFunctionsResourceWinsOnScalarsMapsMerge() {
        LocalTemplate t = resolve("""
            Parameters:
              Env: {Type: String, Default: dev}
            Globals:
              Function:
                Runtime: java21
                Timeout: 30
                MemorySize: 1024
                Environment:
                  Variables: {SHARED: "1", OVERRIDDEN: global}
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.B
                  MemorySize: 512
                  Environment:
                    Variables: {OWN: "2", OVERRIDDEN: own}
            """, Map.of());
        LocalTemplate.Function fn = t.functions().get(0);
        assertThat(fn.timeoutSeconds()).isEqualTo(30);
        assertThat(fn.memoryMb()).isEqualTo(512);
        assertThat(fn.handlerMethod()).isEqualTo("handleRequest");
        assertThat(fn.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("SHARED", "1", "OWN", "2", "OVERRIDDEN", "own"));
        assertThat(fn.name()).startsWith("local-Fn-");
    }

    @Test
    void definitionSubstitutionsAliasesAndEventsAreResolved() {
        LocalTemplate t = resolve("""
            Parameters:
              Env: {Type: String, Default: dev}
            Resources:
              Machine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: !Sub machine-${Env}
                  Definition:
                    StartAt: Call
                    States:
                      Call: {Type: Task, Resource: "${FnArn}", End: true}
                  DefinitionSubstitutions:
                    FnArn: !Ref Fn.Alias
                  Events:
                    Nightly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: cron(0 2 * * ? *)
                        ScheduleExpressionTimezone: Europe/Paris
                        Input: '{"mode": "nightly"}'
                    Hook:
                      Type: EventBridgeRule
                      Properties: {Pattern: {source: [x]}}
              Inbox:
                Type: AWS::S3::Bucket
                Properties: {BucketName: inbox}
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub fn-${Env}
                  Handler: a.B::handleRequest
                  Runtime: java21
                  AutoPublishAlias: live
                  Environment:
                    Variables:
                      MACHINE: !Ref Machine
                      ROLE: !GetAtt FnRole.Arn
                  Events:
                    Upload:
                      Type: S3
                      Properties:
                        Bucket: !Ref Inbox
                        Events: [s3:ObjectCreated:*, s3:ObjectRemoved:*]
                        Filter: {S3Key: {Rules: [{Name: prefix, Value: in/}, {Name: suffix, Value: .json}]}}
                    Hook:
                      Type: HttpApi
                      Properties: {Path: /hook, Method: post}
                    Queue:
                      Type: SQS
                      Properties: {Queue: arn:aws:sqs:eu-west-1:111111111111:q}
            """, Map.of());
        LocalTemplate.StateMachine machine = t.stateMachines().get(0);
        assertThat(machine.arn()).isEqualTo("arn:aws:states:eu-west-1:111111111111:stateMachine:machine-dev");
        assertThat(machine.definition()).contains("\"Resource\":\"arn:aws:lambda:eu-west-1:111111111111:function:fn-dev:live\"");
        assertThat(t.functions().get(0).environment()).containsEntry("MACHINE", machine.arn())
                .hasEntrySatisfying("ROLE", role -> assertThat(role).startsWith("arn:aws:iam::111111111111:role/local-FnRole-"));
        assertThat(t.schedules()).singleElement().satisfies(s -> {
            assertThat(s.expression()).isEqualTo("cron(0 2 * * ? *)");
            assertThat(s.timezone()).isEqualTo("Europe/Paris");
            assertThat(s.targetKind()).isEqualTo(LocalTemplate.TargetKind.STATE_MACHINE);
            assertThat(s.targetArn()).isEqualTo(machine.arn());
            assertThat(s.input()).isEqualTo("{\"mode\": \"nightly\"}");
        });
        assertThat(t.s3Subscriptions()).singleElement().isEqualTo(new LocalTemplate.S3Subscription("Upload", "inbox",
                java.util.List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*"), "in/", ".json", "fn-dev"));
        assertThat(t.httpRoutes()).singleElement().satisfies(r -> {
            assertThat(r.routeKey()).isEqualTo("POST /hook");
            assertThat(r.functionName()).isEqualTo("fn-dev");
        });
        assertThat(t.notEmulated()).extracting(LocalTemplate.NotEmulated::where)
                .containsExactlyInAnyOrder("Machine.Events.Hook", "Fn.Events.Queue");
    }

    @Test
    void resourcesOfTypesNotEmulatedAreNamedWithAReason() {
        LocalTemplate t = resolve("""
            Parameters:
              Env: {Type: String, Default: dev}
            Resources:
              Topic: {Type: AWS::SNS::Topic}
              Alarm:
                Type: AWS::CloudWatch::Alarm
                Properties: {AlarmActions: [!Ref Topic]}
              Policy:
                Type: AWS::SNS::TopicPolicy
                Properties: {Topics: [!Ref Topic]}
              Thing: {Type: AWS::Made::Up}
            """ + FUNCTION, Map.of());
        assertThat(t.notEmulated()).extracting(n -> n.where() + " " + n.type()).containsExactly(
                "Topic AWS::SNS::Topic", "Alarm AWS::CloudWatch::Alarm", "Policy AWS::SNS::TopicPolicy", "Thing AWS::Made::Up");
        assertThat(t.notEmulated().get(2).reason()).contains("a service the local runtime does not serve");
        assertThat(t.notEmulated().get(3).reason()).contains("no emulation of AWS::Made::Up");
    }

    @Test
    void unresolvableValuesAreReportedWithTheirPath() {
        assertThatThrownBy(() -> resolve("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.B
                  Runtime: java21
                  Environment:
                    Variables:
                      X: !Ref Missing
                      Y: !GetAtt Nope.Arn
            """, Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Resources.Fn.Properties.Environment.Variables.X.Ref: Ref to 'Missing': no parameter")
                .hasMessageContaining("Fn::GetAtt Nope.Arn: the template has no resource 'Nope'");
    }

    @Test
    void unknownTagsAndBadYamlNameTheLine() {
        assertThatThrownBy(() -> TemplateSource.parse(Path.of("t.yaml"), "Resources:\n  X: !Bogus y\n"))
                .hasMessage("t.yaml: line 2: unknown tag !Bogus (CloudFormation's short forms are [!And, !Base64, !Cidr,"
                        + " !Condition, !Equals, !FindInMap, !GetAZs, !GetAtt, !If, !ImportValue, !Join, !Length, !Not, !Or, !Ref,"
                        + " !Select, !Split, !Sub, !ToJsonString, !Transform])");
        assertThatThrownBy(() -> TemplateSource.parse(Path.of("t.yaml"), "Resources: [unclosed"))
                .hasMessageStartingWith("t.yaml: not valid YAML:");
        assertThatThrownBy(() -> TemplateSource.parse(Path.of("t.yaml"), "Parameters: {}"))
                .hasMessage("t.yaml: a template must be a mapping with a Resources section");
    }

    @Test
    void theRepositoryTemplateResolvesForDev() {
        TemplateSource source = TemplateSource.read(Path.of("../../template.yaml"));
        LocalTemplate t = source.resolve(source.parameterValues(Map.of("Environment", "dev")), STACK);
        assertThat(t.stateMachines()).isNotEmpty().allSatisfy(m -> assertThat(m.definition()).doesNotContain("${"));
        assertThat(t.functions()).isNotEmpty().allSatisfy(f -> assertThat(f.runtime()).startsWith("java"));
        LocalTemplate.Function webhook = t.function("controlplane-github-webhook-dev");
        assertThat(webhook.environment()).containsEntry("STATE_MACHINE_ARN",
                "arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-promote-artifact-dev");
        assertThat(webhook.environment().get("WEBHOOK_SECRET_ID"))
                .matches("arn:aws:secretsmanager:eu-west-1:111111111111:secret:controlplane/dev/github-webhook-secret-[a-z0-9]{6}");
        assertThat(t.secrets()).extracting(LocalTemplate.Secret::arn).contains(webhook.environment().get("WEBHOOK_SECRET_ID"));
        assertThat(t.buckets()).extracting(LocalTemplate.Bucket::name)
                .contains("controlplane-inbox-dev-111111111111-eu-west-1", "controlplane-artifacts-dev-111111111111-eu-west-1");
        assertThat(t.httpRoutes()).extracting(LocalTemplate.HttpRoute::routeKey).contains("POST /github/webhook");
        assertThat(t.s3Subscriptions()).anySatisfy(s -> {
            assertThat(s.bucket()).isEqualTo("controlplane-inbox-dev-111111111111-eu-west-1");
            assertThat(s.suffix()).isEqualTo("manifest.json");
        });
    }
}
