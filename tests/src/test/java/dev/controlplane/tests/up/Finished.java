package dev.controlplane.tests.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A command run to its end, as a reader runs it: its exit code, and its stdout and stderr read apart. */
record Finished(int code, String out, String err) {

    /** Starts {@code command} and waits for it; {@code what} names it should it still run after the timeout. */
    static Finished run(ProcessBuilder command, long timeoutSeconds, String what) throws Exception {
        Process p = command.start();
        byte[][] stderr = new byte[1][];
        Thread err = Thread.ofVirtual().start(() -> {
            try {
                stderr[0] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                stderr[0] = ("(stderr unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " still running after " + timeoutSeconds + " s");
        }
        err.join();
        return new Finished(p.exitValue(), out, new String(stderr[0], StandardCharsets.UTF_8));
    }
}
