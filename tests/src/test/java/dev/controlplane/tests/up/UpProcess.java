package dev.controlplane.tests.up;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code controlplane up} as a separate process (the test's class path, {@code dev.controlplane.cli.Main up}), on free
 * ports, with its data under a folder of the test: started, waited for until its ready line, stopped with SIGTERM as
 * Ctrl-C would. Run as users run it, it runs every environment of the config side by side; {@link #aws}, {@link #httpApi}
 * and {@link #console} are the first environment's (dev's), {@link #aws(String)} any environment's.
 */
final class UpProcess implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Process process;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    final URI aws;
    final URI httpApi;
    /** The browser console up serves, or null when endpoints.json names none. */
    final URI console;
    final Path secretsFile;
    /** Each environment's endpoints.json entry (one up of a template without environments: none). */
    private final JsonNode environments;

    private UpProcess(Process process, Path data) throws Exception {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("controlplane up: ready in")) ready.countDown();
                }
            } catch (IOException e) {
                output.add("(output unreadable: " + e + ")");
            } finally {
                ended.countDown();
            }
        });
        if (!ready.await(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("controlplane up was not ready within 180 s; its output:\n" + output());
        }
        JsonNode endpoints = Json.parse(Files.readString(data.resolve("endpoints.json")));
        aws = URI.create(endpoints.get("aws").asText());
        httpApi = URI.create(endpoints.get("httpApi").asText());
        console = endpoints.hasNonNull("console") ? URI.create(endpoints.get("console").asText()) : null;
        secretsFile = Path.of(endpoints.get("secretsFile").asText());
        environments = endpoints.path("environments");
    }

    /** The AWS endpoint of one environment of the up. */
    URI aws(String environment) {
        JsonNode e = environments.path(environment);
        if (!e.hasNonNull("aws")) throw new AssertionError("up runs no environment " + environment + "; its output:\n" + output());
        return URI.create(e.get("aws").asText());
    }

    /** The console of one environment of the up. */
    URI console(String environment) {
        aws(environment);
        return URI.create(environments.path(environment).get("console").asText());
    }

    /** The environments running, in chain order. */
    List<String> environments() {
        List<String> names = new ArrayList<>();
        environments.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static UpProcess start(Path data) throws Exception {
        return start(data, ROOT.resolve("template.yaml"));
    }

    /** up of another template (a copy the test changed), in its folder's project. */
    static UpProcess start(Path data, Path template) throws Exception {
        return start(data, template, List.of());
    }

    /** up of another template, with {@code options} as up takes them (e.g. {@code --mock-config FILE}). */
    static UpProcess start(Path data, Path template, String... options) throws Exception {
        return start(data, template, List.of(options));
    }

    /** up with more options on its command line. */
    static UpProcess start(Path data, Path template, List<String> options) throws Exception {
        return start(data, template, options, Map.of());
    }

    /** up of the project's template with more variables in its environment. */
    static UpProcess start(Path data, Map<String, String> environment) throws Exception {
        return start(data, ROOT.resolve("template.yaml"), List.of(), environment);
    }

    private static UpProcess start(Path data, Path template, List<String> options, Map<String, String> environment) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.controlplane.cli.Main", "up", "--template", template.toString(),
                "--data", data.toString(), "--port-base", "0"));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(data.getParent().toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(environment);
        return new UpProcess(pb.start(), data);
    }

    /** The process id of the running up. */
    long pid() {
        return process.pid();
    }

    String secret(String name) throws IOException {
        return Json.parse(Files.readString(secretsFile)).get(name).asText();
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** SIGTERM (what Ctrl-C's shutdown runs too), then waits for the process to end; returns its exit code. */
    int stop() throws InterruptedException {
        // through the handle: Process.destroy() would also close the output stream, losing the last lines
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("controlplane up did not stop within 60 s of SIGTERM; its output:\n" + output());
        }
        ended.await(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /** SIGKILL, as a crash or {@code kill -9} ends it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("controlplane up still alive 30 s after SIGKILL");
        ended.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop();
    }
}
