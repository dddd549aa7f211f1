package dev.controlplane.aws;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP/1.1 GETs over plain TCP to one host, on kept-alive connections: what {@link S3ListingPages} sends to an
 * S3 endpoint reached over plain HTTP (S3Proxy, MinIO, LocalStack, moto, the local runtime).
 *
 * <p>Why not the SDK's URL-connection client, which it uses for https: a no-op replication sends a few hundred
 * listing GETs from a cold JVM, and each one through {@code HttpURLConnection} and the SDK's request and response
 * wrappers cost about 1 ms of CPU (header maps, streams, URL parsing, a platform-thread hand-off), a fifth of the
 * process's CPU. A GET here is one buffered write and a read of the status line, the headers and the body (by
 * {@code Content-Length}, chunks, or to the end of the stream).
 *
 * <p>A connection goes back to the pool only after its response was read in full and neither side asked to close
 * it. A pooled connection the server closed while it was idle fails before any byte of the answer: the request is
 * then sent once more on a new connection (a GET may be repeated). Any other failure, a timeout included, is thrown
 * as an {@link IOException} naming the host, and the connection is closed. Blocking socket I/O: call it from
 * platform threads (see {@link PlatformThreadHttpClient} for why not virtual ones).
 */
final class PlainHttpGet implements AutoCloseable {

    /** A response: its status, its headers (names in lower case; a repeated header keeps its last value). */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /** A status line or header longer than this is not HTTP the way an S3 endpoint speaks it. */
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int connectMillis;
    private final int readMillis;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param host    the endpoint's host
     * @param port    its port
     * @param connect how long to wait for a connection
     * @param read    how long to wait for each read of an answer
     */
    PlainHttpGet(String host, int port, Duration connect, Duration read) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + "; expected 1-65535");
        }
        this.port = port;
        this.hostHeader = port == 80 ? host : host + ':' + port;
        this.connectMillis = Math.toIntExact(connect.toMillis());
        this.readMillis = Math.toIntExact(read.toMillis());
    }

    /**
     * GET {@code target} with {@code headers} (Host is added unless given).
     *
     * @param target the request target: encoded path and query, e.g. {@code /bucket?list-type=2}
     */
    Response get(String target, Map<String, String> headers) throws IOException {
        byte[] request = request(target, headers);
        Connection pooled = pooled();
        if (pooled != null) {
            try {
                return exchange(pooled, request);
            } catch (StaleConnection stale) {
                pooled.closeQuietly();
            }
        }
        try {
            return exchange(open(), request);
        } catch (StaleConnection stale) {
            throw new IOException("GET http://" + hostHeader + target.substring(0, target.indexOf('?') < 0
                    ? target.length() : target.indexOf('?')) + ": the connection closed before an answer",
                    stale.getCause());
        }
    }

    private byte[] request(String target, Map<String, String> headers) {
        boolean valid = !target.isEmpty() && target.charAt(0) == '/';
        for (int i = 0; valid && i < target.length(); i++) {
            char c = target.charAt(i);
            valid = c > ' ' && c < 0x7f;
        }
        if (!valid) {
            throw new IllegalArgumentException("request target '" + target + "'; expected an encoded path starting"
                    + " with / and no spaces or control characters");
        }
        StringBuilder text = new StringBuilder(256 + target.length()).append("GET ").append(target)
                .append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf(':') >= 0
                    || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header '" + name + "': a line break, or a colon in its name");
            }
            hasHost |= name.equalsIgnoreCase("host");
            text.append(name).append(": ").append(value).append("\r\n");
        }
        if (!hasHost) {
            text.append("Host: ").append(hostHeader).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private synchronized Connection pooled() throws IOException {
        if (closed) {
            throw new IOException("the HTTP client of " + hostHeader + " is closed");
        }
        return idle.pollFirst();
    }

    private void release(Connection connection) {
        synchronized (this) {
            if (!closed) {
                idle.addFirst(connection);
                return;
            }
        }
        connection.closeQuietly();
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectMillis);
            socket.setSoTimeout(readMillis);
            return new Connection(socket);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new IOException("cannot connect to " + hostHeader + " within " + connectMillis + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IOException("cannot connect to " + hostHeader + ": " + e.getMessage(), e);
        }
    }

    private Response exchange(Connection connection, byte[] request) throws IOException {
        boolean reusable = false;
        try {
            try {
                connection.out.write(request);
                connection.out.flush();
                connection.in.fill();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw new StaleConnection(e);
            }
            if (connection.in.available() == 0) {
                throw new StaleConnection(new EOFException("the connection was closed"));
            }
            String statusLine;
            int status;
            Map<String, String> headers;
            do {
                statusLine = connection.in.line();
                status = status(statusLine);
                headers = headers(connection.in);
            } while (status / 100 == 1);
            boolean bodiless = status == 204 || status == 304;
            byte[] body = bodiless ? new byte[0] : body(connection.in, headers);
            boolean delimited = bodiless || headers.containsKey("content-length")
                    || "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
            reusable = statusLine.startsWith("HTTP/1.1 ") && delimited
                    && !"close".equalsIgnoreCase(headers.get("connection"));
            return new Response(status, headers, body);
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from " + hostHeader + " within " + readMillis + " ms", e);
        } catch (EOFException e) {
            throw new IOException("the answer from " + hostHeader + " " + e.getMessage(), e);
        } finally {
            if (reusable) {
                release(connection);
            } else {
                connection.closeQuietly();
            }
        }
    }

    private int status(String line) throws IOException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException(hostHeader + " answered '" + printable(line) + "'; expected an HTTP/1.x status line");
        }
        try {
            return Integer.parseInt(line, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new IOException(hostHeader + " answered '" + printable(line) + "'; expected a 3-digit status");
        }
    }

    private Map<String, String> headers(Buffered in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0;; count++) {
            String line = in.line();
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new IOException(hostHeader + " sent a malformed header '" + printable(line) + "'");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private byte[] body(Buffered in, Map<String, String> headers) throws IOException {
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.equalsIgnoreCase("chunked")) {
                throw new IOException(hostHeader + " sent Transfer-Encoding '" + encoding + "'; expected chunked");
            }
            return chunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            long size;
            try {
                size = Long.parseLong(length);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0 || size > Integer.MAX_VALUE - 16) {
                throw new IOException(hostHeader + " sent Content-Length '" + length + "'");
            }
            byte[] body = new byte[(int) size];
            in.readFully(body, 0, body.length);
            return body;
        }
        return in.readToEnd();
    }

    private byte[] chunked(Buffered in) throws IOException {
        // Chunks gather in the connection's scratch buffer, kept for its next answer: one copy per answer.
        byte[] body = in.scratch;
        int size = 0;
        while (true) {
            String line = in.line();
            int end = line.indexOf(';');
            int chunk;
            try {
                chunk = Integer.parseInt((end < 0 ? line : line.substring(0, end)).strip(), 16);
            } catch (NumberFormatException e) {
                chunk = -1;
            }
            if (chunk < 0) {
                throw new IOException(hostHeader + " sent a malformed chunk size '" + printable(line) + "'");
            }
            if (chunk == 0) {
                while (!in.line().isEmpty()) {
                    // trailers: not used
                }
                in.scratch = body;
                return Arrays.copyOf(body, size);
            }
            if (chunk > Integer.MAX_VALUE - 16 - size) {
                throw new IOException(hostHeader + " sent an answer of more than 2 GiB");
            }
            if (size + chunk > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * body.length,
                        size + chunk)));
            }
            in.readFully(body, size, chunk);
            size += chunk;
            if (!in.line().isEmpty()) {
                throw new IOException(hostHeader + " sent a chunk longer than its size");
            }
        }
    }

    private static String printable(String line) {
        String cut = line.length() > 100 ? line.substring(0, 100) + "..." : line;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void close() {
        Connection[] open;
        synchronized (this) {
            closed = true;
            open = idle.toArray(Connection[]::new);
            idle.clear();
        }
        for (Connection connection : open) {
            connection.closeQuietly();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }

    /** A failure before any byte of the answer on a connection that may have been closed while idle. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final Buffered in;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new Buffered(socket.getInputStream());
        }

        void closeQuietly() {
            PlainHttpGet.closeQuietly(socket);
        }
    }

    /** The answer's bytes, read through one buffer: lines (CRLF or LF) and runs of bytes. */
    private static final class Buffered {
        private final InputStream in;
        private final byte[] buffer = new byte[32 * 1024];
        /** Where a chunked answer is put together; grows to the largest answer of the connection. */
        byte[] scratch = new byte[64 * 1024];
        private int position;
        private int limit;

        Buffered(InputStream in) {
            this.in = in;
        }

        int available() {
            return limit - position;
        }

        /** Reads more into the buffer if it is empty; at the end of the stream leaves it empty. */
        void fill() throws IOException {
            if (position < limit) {
                return;
            }
            position = 0;
            limit = 0;
            int read = in.read(buffer, 0, buffer.length);
            if (read > 0) {
                limit = read;
            }
        }

        String line() throws IOException {
            StringBuilder text = null;
            while (true) {
                fill();
                if (position == limit) {
                    throw new EOFException("the answer ended in the middle of a line");
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                boolean complete = position < limit;
                int end = position;
                if (complete) {
                    position++;
                }
                int length = (text == null ? 0 : text.length()) + end - start;
                if (length > MAX_LINE) {
                    throw new IOException("a line of the answer is longer than " + MAX_LINE + " bytes");
                }
                if (complete) {
                    if (end > start && buffer[end - 1] == '\r') {
                        end--;
                    } else if (end == start && text != null && !text.isEmpty()
                            && text.charAt(text.length() - 1) == '\r') {
                        text.setLength(text.length() - 1);
                    }
                    String piece = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
                    return text == null ? piece : text.append(piece).toString();
                }
                if (text == null) {
                    text = new StringBuilder();
                }
                text.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
            }
        }

        void readFully(byte[] into, int offset, int length) throws IOException {
            while (length > 0) {
                fill();
                if (position == limit) {
                    throw new EOFException("the answer ended " + length + " bytes early");
                }
                int n = Math.min(length, limit - position);
                System.arraycopy(buffer, position, into, offset, n);
                position += n;
                offset += n;
                length -= n;
            }
        }

        byte[] readToEnd() throws IOException {
            byte[] rest = Arrays.copyOfRange(buffer, position, limit);
            position = limit;
            byte[] more = in.readAllBytes();
            byte[] all = Arrays.copyOf(rest, rest.length + more.length);
            System.arraycopy(more, 0, all, rest.length, more.length);
            return all;
        }
    }
}
