package dev.controlplane.domain.publish;

import java.util.Locale;

/**
 * The Content-Type a published object gets: the source's when it says something specific, else one for the
 * kinds of file a build has (the copy replaces metadata, which would otherwise drop the type).
 */
public final class PublishedContentType {

    public static final String PYTHON = "text/x-python";
    public static final String WHEEL = "application/zip";
    public static final String BINARY = "application/octet-stream";

    private PublishedContentType() {
    }

    /**
     * @param sourceContentType the source object's Content-Type, null when it has none
     */
    public static String choose(String key, String sourceContentType) {
        if (sourceContentType != null && !sourceContentType.isBlank() && !isGeneric(sourceContentType)) {
            return sourceContentType;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".py")) {
            return PYTHON;
        }
        if (lower.endsWith(".whl")) {
            return WHEEL;
        }
        return BINARY;
    }

    // What uploaders send when they do not know the type: it says nothing worth keeping.
    private static boolean isGeneric(String contentType) {
        String type = contentType.strip().toLowerCase(Locale.ROOT);
        return type.startsWith("binary/octet-stream") || type.startsWith(BINARY);
    }
}
