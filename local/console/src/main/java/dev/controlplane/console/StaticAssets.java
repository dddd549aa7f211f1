package dev.controlplane.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The page, its scripts and its style, served from this module's resources: no build step, nothing from a CDN. */
final class StaticAssets {

    /** A served file: its bytes and content type. */
    record Asset(byte[] bytes, String contentType) {
    }

    private static final String ROOT = "/dev/controlplane/console/static/";
    private static final Pattern NAME = Pattern.compile("/([a-z0-9][a-z0-9-]*\\.(html|js|css|svg))");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** The asset at the request path ({@code /} is {@code index.html}), if there is one. */
    Optional<Asset> find(String path) {
        Matcher matcher = NAME.matcher("/".equals(path) ? "/index.html" : path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String name = matcher.group(1);
        String type = TYPES.get(matcher.group(2));
        return cache.computeIfAbsent(name, ignored -> load(name, type));
    }

    private static Optional<Asset> load(String name, String type) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's resource " + name, e);
        }
    }
}
