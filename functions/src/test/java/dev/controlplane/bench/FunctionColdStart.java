package dev.controlplane.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold start of any stream handler, for whole-process timing: the class built as Lambda's Java runtime builds it
 * (by name, no-arg constructor, environment variables), then invoked once with the input file's JSON, where
 * {@code {uuid}} becomes a fresh id (a run id no earlier process used). Prints the output; exits 1 unless it holds the
 * expected text. Prints the milliseconds of construction, of SnapStart's priming (run only with {@code BENCH_PRIME=1},
 * as the hook runs it before a snapshot) and of the invocation on stderr (the phases SnapStart splits: construction
 * and priming are init, in the snapshot; a restored start pays the invocation).
 *
 * <p>Usage: {@code FunctionColdStart HANDLER_CLASS INPUT.json EXPECTED_TEXT}
 */
public final class FunctionColdStart {

    private FunctionColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Phases phases = new Phases();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        phases.built(handler);
        String input = Files.readString(Path.of(args[1])).replace("{uuid}", UUID.randomUUID().toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String function = args[0].replaceFirst(".*\\.", "").replaceFirst("Handler$", "");
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)), output,
                new BenchContext(function));
        phases.report();
        String answer = output.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.println(answer);
        if (!answer.contains(args[2])) {
            System.err.println("FunctionColdStart: the output lacks '" + args[2] + "'");
            System.exit(1);
        }
    }
}
