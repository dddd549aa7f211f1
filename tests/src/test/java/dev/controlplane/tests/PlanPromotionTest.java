package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.model.DefinitionParser;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** statemachines/plan-promotion.asl.json on the local engine, with the sample inputs of events/. */
class PlanPromotionTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static Engine engine;
    static String arn;

    @BeforeAll
    static void load() throws IOException {
        engine = Engine.builder().timeScale(0).build();
        arn = engine.createStateMachine("plan-promotion",
                Files.readString(ROOT.resolve("statemachines/plan-promotion.asl.json")), null).arn();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static Execution run(JsonNode input) throws InterruptedException {
        Execution e = engine.startExecution(arn, null, input);
        assertThat(e.await(30, TimeUnit.SECONDS)).isTrue();
        return e;
    }

    static JsonNode event(String name) throws IOException {
        return Json.parse(Files.readString(ROOT.resolve("events/" + name)));
    }

    @Test
    void everyDefinitionInStatemachinesIsValid() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT.resolve("statemachines"))) {
            files = s.filter(p -> p.toString().endsWith(".asl.json")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) DefinitionParser.parse(Files.readString(f));
    }

    @Test
    void defaultBranchBuildGoesToEveryEnvironmentWithoutSuffix() throws Exception {
        Execution e = run(event("plan-promotion-default-branch.json"));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = e.output();
        assertThat(out.get("environments").toString()).isEqualTo("[\"dev\",\"staging\",\"prod\"]");
        assertThat(out.at("/objects/0/key").asText()).isEqualTo("payments/ledger/daily_close/daily_close-1.4.0.py");
        assertThat(out.at("/objects/1/key").asText()).isEqualTo("payments/ledger/daily_close/ledger-1.4.0-py3-none-any.whl");
    }

    @Test
    void featureBranchBuildGoesToDevOnlyWithBranchSlug() throws Exception {
        Execution e = run(event("plan-promotion-feature-branch.json"));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("environments").toString()).isEqualTo("[\"dev\"]");
        assertThat(e.output().at("/objects/0/key").asText())
                .isEqualTo("payments/ledger/daily_close/daily_close-1.5.0-feature-faster-close.py");
    }

    @Test
    void aFileThatIsNeitherScriptNorWheelIsRefusedNamingIt() throws Exception {
        JsonNode input = event("plan-promotion-default-branch.json");
        ((com.fasterxml.jackson.databind.node.ArrayNode) input.get("files")).addObject().put("name", "notes.txt");
        Execution e = run(input);
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("UnsupportedFile");
        assertThat(e.cause()).contains("notes.txt");
    }

    @Test
    void anIncompleteManifestFailsListingWhatItHas() throws Exception {
        Execution e = run(Json.parse("{\"team\":\"payments\",\"files\":[]}"));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("ManifestIncomplete");
        assertThat(e.cause()).contains("team, files");
    }
}
