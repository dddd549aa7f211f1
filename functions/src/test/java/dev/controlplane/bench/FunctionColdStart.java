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
        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.nanoTime();
        if ("1".equals(System.getenv("BENCH_PRIME"))) {
            dev.controlplane.handlers.BenchPriming.prime(handler);
        }
        long primed = System.nanoTime();
        String input = Files.readString(Path.of(args[1])).replace("{uuid}", UUID.randomUUID().toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String function = args[0].replaceFirst(".*\\.", "").replaceFirst("Handler$", "");
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)), output,
                new BenchContext(function));
        long invoked = System.nanoTime();
        String answer = output.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.println(answer);
        System.err.printf("construct_ms=%.1f prime_ms=%.1f invoke_ms=%.1f%n", (constructed - start) / 1e6,
                (primed - constructed) / 1e6, (invoked - primed) / 1e6);
        if (!answer.contains(args[2])) {
            System.err.println("FunctionColdStart: the output lacks '" + args[2] + "'");
            System.exit(1);
        }
    }
}
