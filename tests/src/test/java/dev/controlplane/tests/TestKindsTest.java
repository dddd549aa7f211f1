package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test kinds a newcomer filters by (testing/README.md): a test class that starts one of the servers or emulators
 * the tests share is tagged {@code @IntegrationTest} or {@code @EndToEndTest}, and every class of tests' e2e and up
 * is {@code @EndToEndTest}, so {@code -DexcludedGroups=integration,e2e} leaves no server behind.
 */
class TestKindsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> MODULES = List.of("functions", "local/engine", "local/runtime", "local/cli", "local/console",
            "local/workspace", "tests");
    /** What the tests start: moto, the local workspace, the runtime's and engine's servers, the worlds and up. */
    static final Pattern STARTS_A_SERVER = Pattern.compile("\\b(MotoEndpoint|MotoServer|MotoS3|ArtifactsMoto|LocalWorkspace"
            + "|Sdk\\.workspace|S3Service|DynamoDbService|AwsGateway|EventBridgeServer|SecretsManagerServer"
            + "|StepFunctionsApiServer|SfnEndpoint|ConsoleWorld|UpProcess|ChromeDriver|LocalEnvironments|ReplicationWorld"
            + "|PromotionWorld|LaunchWorld|ServerSocket|HttpServer\\.create)\\b");
    static final Pattern TAGGED = Pattern.compile("(?m)^@(IntegrationTest|EndToEndTest)$");
    static final Pattern END_TO_END = Pattern.compile("(?m)^@EndToEndTest$");

    @Test
    void everyTestClassThatStartsAServerSaysSo() {
        List<String> untagged = testClasses()
                .filter(file -> !file.endsWith("TestKindsTest.java")) // its pattern names them all
                .filter(file -> STARTS_A_SERVER.matcher(read(file)).find())
                .filter(file -> !TAGGED.matcher(read(file)).find())
                .map(file -> ROOT.relativize(file).toString())
                .toList();
        assertThat(untagged).as("test classes that start a server but carry neither @IntegrationTest nor @EndToEndTest")
                .isEmpty();
    }

    @Test
    void everyClassOfTheEndToEndFoldersIsAnEndToEndTest() {
        List<String> untagged = testClasses()
                .filter(file -> file.getParent().endsWith("tests/e2e") || file.getParent().endsWith("tests/up"))
                .filter(file -> !END_TO_END.matcher(read(file)).find())
                .map(file -> ROOT.relativize(file).toString())
                .toList();
        assertThat(untagged).as("test classes of tests/.../e2e and up without @EndToEndTest").isEmpty();
    }

    /** Every {@code *Test.java} of the modules' test sources. */
    static Stream<Path> testClasses() {
        return MODULES.stream().flatMap(module -> {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
                return files.filter(file -> file.getFileName().toString().endsWith("Test.java")).toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
