package dev.controlplane.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template whose workflow another branch brings: with leaveOutAbsent the missing definition file and the functions
 * not in the build are left out (with what needs them), and listed; without it the template is refused as before.
 */
class AbsentPartsTest {
    static final StackContext STACK = new StackContext("eu-west-1", "111111111111", "local");

    static final String TEMPLATE = """
            Resources:
              Present:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: present
                  DefinitionUri: present.asl.json
                  DefinitionSubstitutions:
                    Fn: !GetAtt Kept.Arn
              Missing:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: missing
                  DefinitionUri: missing.asl.json
              UsesGone:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: uses-gone
                  DefinitionUri: uses-gone.asl.json
                  DefinitionSubstitutions:
                    Fn: !GetAtt Gone.Arn
              Kept:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: kept
                  Handler: a.Kept::handleRequest
                  Runtime: java21
              Gone:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: gone
                  Handler: a.Gone::handleRequest
                  Runtime: java21
                  Events:
                    Upload:
                      Type: S3
                      Properties:
                        Bucket: !Ref Inbox
                        Events: s3:ObjectCreated:*
                    Nightly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: rate(1 day)
              Inbox:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: inbox
              Timer:
                Type: AWS::Scheduler::Schedule
                Properties:
                  ScheduleExpression: rate(1 hour)
                  FlexibleTimeWindow: {Mode: "OFF"}
                  Target:
                    Arn: !Ref UsesGone
                    RoleArn: arn:aws:iam::111111111111:role/r
            """;

    static final String DEFINITION = """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "${Fn}", "End": true}}}
            """;

    @TempDir
    Path dir;

    TemplateSource source() throws Exception {
        Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        Files.writeString(dir.resolve("present.asl.json"), DEFINITION);
        Files.writeString(dir.resolve("uses-gone.asl.json"), DEFINITION);
        return TemplateSource.read(dir.resolve("template.yaml"));
    }

    @Test
    void aMissingDefinitionFileIsRefusedUnlessAskedToLeaveItOut() throws Exception {
        TemplateSource source = source();
        assertThatThrownBy(() -> source.resolve(Map.of(), STACK))
                .hasMessageContaining("Resources.Missing.Properties.DefinitionUri: cannot read").hasMessageContaining("missing.asl.json");

        LocalTemplate t = source.resolve(Map.of(), STACK, true);
        assertThat(t.stateMachines()).extracting(LocalTemplate.StateMachine::logicalId).containsExactly("Present", "UsesGone");
        assertThat(t.absent()).singleElement().satisfies(a -> {
            assertThat(a.where()).isEqualTo("Missing");
            assertThat(a.reason()).isEqualTo("its definition missing.asl.json is not in this checkout");
        });
        assertThat(t.wired()).doesNotContain("Missing").contains("Present");
    }

    @Test
    void functionsLeftOutTakeTheirEventsAndTheStateMachinesInvokingThemAlong() throws Exception {
        LocalTemplate t = source().resolve(Map.of(), STACK, true)
                .withoutFunctions(Map.of("Gone", "its handler class a.Gone is not in this build"));

        assertThat(t.functions()).extracting(LocalTemplate.Function::logicalId).containsExactly("Kept");
        assertThat(t.stateMachines()).extracting(LocalTemplate.StateMachine::logicalId).containsExactly("Present");
        assertThat(t.s3Subscriptions()).isEmpty();
        assertThat(t.schedules()).as("Gone's own schedule and the schedule starting UsesGone").isEmpty();
        assertThat(t.absent()).extracting(LocalTemplate.NotEmulated::where).containsExactly("Missing", "Gone", "UsesGone");
        assertThat(t.absent().get(2).reason()).isEqualTo("it invokes Gone, not in this checkout");
        assertThat(t.wired()).doesNotContain("Gone", "UsesGone").contains("Kept", "Present", "Inbox");
        assertThat(t.withoutFunctions(Map.of())).isSameAs(t);
    }
}
