package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code sam build} does, done here: each function of template.yaml is built by SAM's makefile method from a
 * copy of its ProjectRootDirectory (a fresh tree: no build output in it), with {@code make -f <ContextPath>/Makefile
 * build-<LogicalId>} run in that copy and {@code ARTIFACTS_DIR} set, as aws-lambda-builders' CustomMakeWorkflow
 * runs it. Each artifact is then checked as Lambda would use it: the handler class loads from the package alone,
 * everything the function's code refers to is in the package, and the package holds only what its functions need.
 */
@IntegrationTest
class SamBuildTest {

    /** The AWS SDK service modules and other libraries each package may hold: what its functions call. */
    static final Map<String, Set<String>> PACKAGE_LIBRARIES = Map.of(
            "triggers", Set.of("sfn", "dynamodb", "secretsmanager", "aws-lambda-java-events", "crac"),
            // crac everywhere: every handler's shell registers SnapStart priming, and Powertools' MetricsFactory is a CRaC resource
            "storage", Set.of("s3", "dynamodb", "crac"),
            // apache5-client: the replication functions' pooled S3 client (PooledS3Client)
            "replication", Set.of("s3", "apache5-client", "crac"),
            "databricks", Set.of("secretsmanager", "databricks-sdk-java", "crac"));

    /** Libraries that only some packages may hold (the AWS SDK's service modules, Databricks, events, CRaC). */
    static final Set<String> OPTIONAL_LIBRARIES = Set.of("s3", "dynamodb", "sfn", "secretsmanager",
            "aws-lambda-java-events", "crac", "databricks-sdk-java", "apache5-client");

    /** What no package may hold: the local runtime and emulators, test frameworks, the other modules. */
    static final Pattern FORBIDDEN_JAR = Pattern.compile(
            "(asl-engine|controlplane-(cli|runtime|console|tests|test-support)|databricks-workspace|s3proxy|DynamoDBLocal|sqlite4java"
                    + "|junit|assertj|mockito|opentest4j|byte-buddy|jetty|selenium|snakeyaml|jsonata|apache-client|netty)"
                    + "[-.].*\\.jar");

    @TempDir
    static Path work;

    static Path copy;
    static final Map<String, Path> artifacts = new LinkedHashMap<>();
    static final Map<String, String> packages = new LinkedHashMap<>();
    static final Map<String, String> handlers = new LinkedHashMap<>();

    @BeforeAll
    static void buildEveryFunctionAsSamDoes() throws Exception {
        SamTemplate template = SamTemplate.read();
        copy = work.resolve("project");
        copyFreshTree(SamTemplate.ROOT, copy);
        for (Map.Entry<String, JsonNode> function : template.ofType("AWS::Serverless::Function").entrySet()) {
            String id = function.getKey();
            JsonNode metadata = function.getValue().path("Metadata");
            assertThat(metadata.path("BuildMethod").asText()).as(id + " Metadata.BuildMethod").isEqualTo("makefile");
            assertThat(metadata.path("ProjectRootDirectory").asText()).as(id + " Metadata.ProjectRootDirectory").isEqualTo(".");
            String contextPath = metadata.path("ContextPath").asText();
            assertThat(contextPath).as(id + " Metadata.ContextPath").startsWith("functions/packages/");
            packages.put(id, Path.of(contextPath).getFileName().toString());
            handlers.put(id, function.getValue().path("Properties").path("Handler").asText().replaceFirst("::.*", ""));

            Path artifactsDir = work.resolve("artifacts").resolve(id);
            Files.createDirectories(artifactsDir);
            // The manifest is the original Makefile (SAM resolves ContextPath against the template's folder); the
            // working directory is the copy.
            ProcessBuilder make = new ProcessBuilder("make", "-f",
                    SamTemplate.ROOT.resolve(contextPath).resolve("Makefile").toString(), "build-" + id)
                    .directory(copy.toFile()).redirectErrorStream(true);
            make.environment().put("ARTIFACTS_DIR", artifactsDir.toString());
            Process process = make.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("make build-" + id + " ended").isTrue();
            assertThat(process.exitValue()).as("make build-" + id + " failed:\n" + output).isZero();
            artifacts.put(id, artifactsDir);
        }
        assertThat(artifacts).hasSize(template.ofType("AWS::Serverless::Function").size()).hasSizeGreaterThan(15);
    }

    /** The project as a fresh clone has it: no .git, no build output, no local runtime data. */
    static void copyFreshTree(Path from, Path to) throws IOException {
        Set<String> skipped = Set.of(".git", ".aws-sam", "target", ".controlplane", "node_modules", ".idea");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skipped.contains(dir.getFileName().toString())) return FileVisitResult.SKIP_SUBTREE;
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static List<Path> jars(String id) {
        try (Stream<Path> files = Files.list(artifacts.get(id).resolve("lib"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path functionsJar(String id) {
        return jars(id).stream().filter(p -> p.getFileName().toString().startsWith("controlplane-functions-"))
                .findFirst().orElseThrow(() -> new AssertionError(id + ": no controlplane-functions jar in its package"));
    }

    /** A jar's artifact id: the file name less its version. */
    static String artifactId(Path jar) {
        return jar.getFileName().toString().replaceFirst("-[0-9][^-]*(-SNAPSHOT)?(-[a-z]+)?\\.jar$", "");
    }

    @TestFactory
    Stream<DynamicTest> eachHandlerLoadsFromItsPackageAlone() {
        return artifacts.keySet().stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            URL[] urls = jars(id).stream().map(SamBuildTest::url).toArray(URL[]::new);
            try (URLClassLoader lambda = new URLClassLoader(id, urls, ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(handlers.get(id), true, lambda);
                Class<?> streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, lambda);
                Class<?> requestHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, lambda);
                assertThat(streamHandler.isAssignableFrom(handler) || requestHandler.isAssignableFrom(handler))
                        .as(id + ": " + handler.getName() + " is a Lambda handler").isTrue();
                assertThat(handler.getConstructor().getParameterCount()).as(id + ": Lambda's no-argument constructor").isZero();
                assertThat(handler.getClassLoader()).isSameAs(lambda);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everythingAHandlerRefersToIsInItsPackage() throws IOException {
        Map<String, Set<String>> references = classReferences(functionsJar(artifacts.keySet().iterator().next()));
        return artifacts.keySet().stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            URL[] urls = jars(id).stream().map(SamBuildTest::url).toArray(URL[]::new);
            Set<String> missing = new TreeSet<>();
            try (URLClassLoader lambda = new URLClassLoader(urls, null)) {
                Deque<String> pending = new ArrayDeque<>(List.of(handlers.get(id)));
                Set<String> seen = new HashSet<>(pending);
                while (!pending.isEmpty()) {
                    for (String target : references.getOrDefault(pending.pop(), Set.of())) {
                        if (target.startsWith("dev.controlplane.")) {
                            if (seen.add(target)) pending.push(target);
                        } else if (lambda.getResource(target.replace('.', '/') + ".class") == null
                                && ClassLoader.getPlatformClassLoader().getResource(target.replace('.', '/') + ".class") == null) {
                            missing.add(target);
                        }
                    }
                }
                assertThat(seen).as(id + ": classes reached from its handler").hasSizeGreaterThan(3);
            }
            assertThat(missing).as(id + " (package " + packages.get(id) + "): classes its code refers to that its package lacks")
                    .isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachPackageHoldsOnlyWhatItsFunctionsNeed() {
        return artifacts.keySet().stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            String pkg = packages.get(id);
            assertThat(PACKAGE_LIBRARIES).as("the libraries of package " + pkg).containsKey(pkg);
            Set<String> held = jars(id).stream().map(SamBuildTest::artifactId).collect(Collectors.toCollection(TreeSet::new));
            Set<String> optionalHeld = new TreeSet<>(held);
            optionalHeld.retainAll(OPTIONAL_LIBRARIES);
            assertThat(optionalHeld).as(id + " (package " + pkg + "): its AWS SDK services and other optional libraries")
                    .isEqualTo(new TreeSet<>(PACKAGE_LIBRARIES.get(pkg)));
            assertThat(jars(id)).as(id + ": no emulator, local-runtime, test or other-module jar")
                    .noneMatch(jar -> FORBIDDEN_JAR.matcher(jar.getFileName().toString()).matches());
            try (JarFile functions = new JarFile(functionsJar(id).toFile())) {
                List<String> entries = functions.stream().map(e -> e.getName()).toList();
                assertThat(entries).as(id + ": the handler class").contains(handlers.get(id).replace('.', '/') + ".class");
                assertThat(entries).as(id + ": the platform config travels with the code").contains("config/environments.json");
                assertThat(entries).as(id + ": no test or local-runtime classes")
                        .noneMatch(e -> e.endsWith("Test.class") || e.startsWith("dev/controlplane/local/")
                                || e.startsWith("dev/aslengine/") || e.startsWith("dev/controlplane/tests/"));
            }
        }));
    }

    @Test
    void theDatabricksSdkIsOnlyInThePackageOfTheFunctionsThatCallDatabricks() {
        Map<String, Boolean> hasSdk = new LinkedHashMap<>();
        artifacts.keySet().forEach(id -> hasSdk.put(id, jars(id).stream().anyMatch(j -> artifactId(j).equals("databricks-sdk-java"))));
        assertThat(hasSdk.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList())
                .containsExactlyInAnyOrder("SubmitRunFunction", "PollRunFunction", "CancelRunFunction",
                        "SyncPoliciesFunction", "CloneTablesFunction");
    }

    @Test
    void theBuildDoesNotRunOrCompileTests() {
        assertThat(copy.resolve("functions/target/test-classes")).doesNotExist();
        assertThat(copy.resolve("functions/target/surefire-reports")).doesNotExist();
        assertThat(copy.resolve("tests/target")).doesNotExist();
    }

    /** Class-to-class references of a jar's classes, as jdeps reads them from the class files. */
    static Map<String, Set<String>> classReferences(Path jar) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is missing: run the tests on a JDK, not a JRE"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = jdeps.run(new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8),
                "-verbose:class", "-filter:none", "--multi-release", "21", jar.toString());
        assertThat(status).as("jdeps " + jar + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Set<String>> references = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^\\s+(\\S+)\\s+->\\s+(\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        while (line.find()) {
            references.computeIfAbsent(line.group(1), k -> new HashSet<>()).add(line.group(2));
        }
        assertThat(references).as("jdeps found the classes of " + jar).hasSizeGreaterThan(100);
        return references;
    }

    static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}
