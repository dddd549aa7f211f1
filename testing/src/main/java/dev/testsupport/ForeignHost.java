package dev.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A request as a web page's script would send it to a local server after its DNS name was made to resolve to
 * 127.0.0.1 (DNS rebinding): to the server's loopback port, with the page's own name in {@code Host}, which an HTTP
 * client of the JDK will not let a caller set.
 */
public final class ForeignHost {
    private ForeignHost() {}

    /**
     * Sends {@code POST /} with an AWS JSON target and body to 127.0.0.1:{@code port}, addressed to {@code host}.
     *
     * @param headers more header lines, e.g. {@code "Authorization: ..."}
     * @return the whole answer, status line, headers and body
     */
    public static String postJson(int port, String host, String target, String body, String... headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(port, "POST / HTTP/1.1\r\nHost: " + host + "\r\nX-Amz-Target: " + target
                + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n" + String.join("", java.util.Arrays.stream(headers)
                        .map(h -> h + "\r\n").toList()) + "\r\n", bytes);
    }

    /** Sends {@code GET path} to 127.0.0.1:{@code port}, addressed to {@code host}; the whole answer. */
    public static String get(int port, String host, String path) throws IOException {
        return send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    private static String send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
