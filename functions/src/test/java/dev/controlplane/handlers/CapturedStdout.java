package dev.controlplane.handlers;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Standard output captured during each test (register with {@code @RegisterExtension}): what a priming printed. */
final class CapturedStdout implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;

    @Override
    public void beforeEach(ExtensionContext context) {
        printed.reset();
        stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(stdout);
    }

    /** What was printed so far in this test. */
    String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
