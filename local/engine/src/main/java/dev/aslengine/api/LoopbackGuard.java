package dev.aslengine.api;

import com.sun.net.httpserver.Headers;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Keeps a loopback server to the clients of this machine, as the local console does: a request must be addressed to
 * 127.0.0.1, localhost or [::1] at the server's own port (a page that rebinds its DNS name to 127.0.0.1 sends its own
 * name as Host), and a request a browser sends for a page of another origin (an Origin header that is not one of the
 * allowed origins, or Sec-Fetch-Site cross-site) is refused. The AWS CLI and the SDKs send neither header.
 */
public final class LoopbackGuard {
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

    /** Why a request is refused: the HTTP status, an error code and a message naming the header. */
    public record Refusal(int status, String code, String message) {}

    private final int port;
    private final Set<String> allowedOrigins = new CopyOnWriteArraySet<>();

    /** @param port the port the server listens on */
    public LoopbackGuard(int port) {
        this.port = port;
    }

    /** A server's own pages' origins: its loopback names at its port (its pages may call it from the browser). */
    public static Set<String> originsOf(int port) {
        Set<String> origins = new LinkedHashSet<>();
        for (String name : LOOPBACK_NAMES) origins.add("http://" + name + ":" + port);
        return origins;
    }

    /** Lets pages of these origins call the server from a browser (e.g. the console's own). */
    public LoopbackGuard allowOrigins(Collection<String> origins) {
        for (String origin : origins) allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The reason to refuse a request with these headers, or empty when it may be served. */
    public Optional<Refusal> check(Headers headers) {
        Optional<Refusal> misdirected = checkHost(headers);
        if (misdirected.isPresent()) return misdirected;
        String origin = headers.getFirst("Origin");
        if (origin != null && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            return Optional.of(new Refusal(403, "CrossOriginRequestRefused", "This local endpoint refuses requests a browser"
                    + " sends for a page of another origin (Origin '" + origin + "')"));
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && site.strip().equalsIgnoreCase("cross-site")) {
            return Optional.of(new Refusal(403, "CrossOriginRequestRefused", "This local endpoint refuses requests a browser"
                    + " sends for a page of another site (Sec-Fetch-Site: cross-site)"));
        }
        return Optional.empty();
    }

    /**
     * The reason to refuse a request whose Host is not this server's loopback address (a page whose name was made to
     * resolve to 127.0.0.1), or empty: for a server only ever called by another local one, which checked the Origin.
     */
    public Optional<Refusal> checkHost(Headers headers) {
        String host = headers.getFirst("Host");
        if (!loopbackHost(host)) {
            return Optional.of(new Refusal(421, "MisdirectedRequest", "This local endpoint answers only requests addressed to"
                    + " 127.0.0.1:" + port + " or localhost:" + port + ", not Host " + (host == null ? "(none)" : "'" + host + "'")));
        }
        return Optional.empty();
    }

    private boolean loopbackHost(String host) {
        if (host == null) return false;
        String name = host.strip().toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            String given = name.substring(colon + 1);
            name = name.substring(0, colon);
            if (!given.equals(Integer.toString(port))) return false;
        }
        return LOOPBACK_NAMES.contains(name);
    }
}
