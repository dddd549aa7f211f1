package dev.controlplane.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The repository's template.yaml against the local runtime, in every environment: each resource is either wired up,
 * named as not emulated (with a reason), or left out by its Condition; nothing is silently ignored.
 */
class TemplateCoverageTest {
    static final Path TEMPLATE = Path.of("../../template.yaml");

    @Test
    void everyResourceOfTheTemplateIsWiredOrNamedAsNotEmulated() throws IOException {
        Set<String> declared = new TreeSet<>();
        CfnYaml.parse("template.yaml", Files.readString(TEMPLATE)).get("Resources").fieldNames().forEachRemaining(declared::add);
        TemplateSource source = TemplateSource.read(TEMPLATE);
        for (String environment : List.of("dev", "staging", "prod")) {
            LocalTemplate t = source.resolve(source.parameterValues(Map.of("Environment", environment)), TemplateSourceTest.STACK);
            List<String> named = t.notEmulated().stream().map(LocalTemplate.NotEmulated::where).filter(declared::contains).toList();
            List<String> accounted = new ArrayList<>(t.wired());
            accounted.addAll(named);
            accounted.addAll(t.skippedByCondition());
            assertThat(accounted).as(environment + ": each resource accounted for exactly once").doesNotHaveDuplicates();
            assertThat(new TreeSet<>(accounted)).as(environment).isEqualTo(declared);
            assertThat(t.notEmulated()).allSatisfy(n -> assertThat(n.reason()).isNotBlank());
        }
    }

    @Test
    void theSchedulesCarryTheRoleTheirTargetsAreStartedWith() throws IOException {
        TemplateSource source = TemplateSource.read(TEMPLATE);
        LocalTemplate t = source.resolve(source.parameterValues(Map.of("Environment", "staging")), TemplateSourceTest.STACK);
        String scheduleRole = t.iam().roles().stream().filter(r -> r.logicalId().equals("ScheduleRole")).findFirst()
                .orElseThrow().arn();
        assertThat(t.schedules()).extracting(LocalTemplate.Schedule::id)
                .contains("ReplicationSchedule", "PolicySyncSchedule");
        assertThat(t.schedules()).as("each Scheduler schedule names Target.RoleArn, which the runtime checks at each firing")
                .allSatisfy(s -> assertThat(s.roleArn()).isEqualTo(scheduleRole));
    }

    @Test
    void whatTheRuntimeWiresIsTyped() throws IOException {
        TemplateSource source = TemplateSource.read(TEMPLATE);
        LocalTemplate t = source.resolve(source.parameterValues(Map.of("Environment", "dev")), TemplateSourceTest.STACK);
        Set<String> typed = new TreeSet<>();
        t.functions().forEach(f -> typed.add(f.logicalId()));
        t.stateMachines().forEach(s -> typed.add(s.logicalId()));
        t.buckets().forEach(b -> typed.add(b.logicalId()));
        t.tables().forEach(x -> typed.add(x.logicalId()));
        t.secrets().forEach(s -> typed.add(s.logicalId()));
        t.schedules().forEach(s -> typed.add(s.id().contains(".") ? s.id().substring(0, s.id().indexOf('.')) : s.id()));
        // access control: the template's roles, the managed policies they attach, the bucket policies
        t.iam().roles().forEach(r -> {
            typed.add(r.logicalId());
            r.policies().forEach(p -> typed.add(p.name()));
        });
        t.iam().resourcePolicies().forEach(p -> typed.add(p.logicalId()));
        // containers of what is typed: an HTTP API's routes are its functions' events, a schedule group's its schedules
        CfnYaml.parse("template.yaml", Files.readString(TEMPLATE)).get("Resources").properties().forEach(r -> {
            String type = r.getValue().path("Type").asText();
            if (type.equals("AWS::Serverless::HttpApi") || type.equals("AWS::Scheduler::ScheduleGroup")) typed.add(r.getKey());
        });
        assertThat(t.wired()).allSatisfy(id -> assertThat(typed).as("a typed model of " + id).contains(id));
    }
}
