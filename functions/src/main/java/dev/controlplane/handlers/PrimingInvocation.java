package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One made-up request through a stream handler, as SnapStart priming sends it: in memory, with a silent context. */
final class PrimingInvocation {

    private PrimingInvocation() {
    }

    /** @return what the handler wrote for {@code input} */
    static String invoke(RequestStreamHandler handler, String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(input.getBytes(UTF_8)), output, new SilentContext());
        } catch (IOException e) {
            throw new UncheckedIOException("priming reads and writes memory, which does not fail", e);
        }
        return output.toString(UTF_8);
    }
}
