package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.lambda.LambdaFunctions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** An engine with in-process Lambda functions for the error, retry, Map/Parallel and integration tests. */
final class Machines implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    final LambdaFunctions functions;
    final Engine engine;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    Machines() {
        this(0);
    }

    Machines(double timeScale) {
        functions = new LambdaFunctions("us-east-1", "123456789012", new PrintStream(log, true));
        engine = Engine.builder().timeScale(timeScale).integration(functions).build();
    }

    /** Registers a function answering with {@code body} applied to its payload. */
    Machines function(String name, Function<JsonNode, JsonNode> body) {
        RequestStreamHandler handler = (in, out, context) -> Json.MAPPER.writeValue(out, body.apply(Json.MAPPER.readTree(in)));
        functions.register(name, handler);
        return this;
    }

    static String arn(String function) {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + function;
    }

    StateMachine machine(String definition) {
        return engine.createStateMachine("m" + NAMES.incrementAndGet(), definition, null);
    }

    Execution start(String definition, String input) {
        return engine.startExecution(machine(definition).arn(), null, Json.parse(input));
    }

    /** Runs to the end; fails the test if the execution is still running after 30 seconds. */
    Execution run(String definition, String input) {
        return awaitEnd(start(definition, input));
    }

    static Execution awaitEnd(Execution e) {
        try {
            assertThat(e.await(30, TimeUnit.SECONDS)).as("execution ended").isTrue();
        } catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
        return e;
    }

    static JsonNode json(String text) {
        return Json.parse(text);
    }

    static List<String> types(Execution e) {
        return e.history().events().stream().map(HistoryEvent::type).toList();
    }

    static List<HistoryEvent> events(Execution e, String type) {
        return e.history().events().stream().filter(ev -> ev.type().equals(type)).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
