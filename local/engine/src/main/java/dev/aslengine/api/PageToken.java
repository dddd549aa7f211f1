package dev.aslengine.api;

import dev.aslengine.runtime.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque nextToken of a paged listing: the listing it continues and where; any other text given back is InvalidToken. */
final class PageToken {
    private PageToken() {}

    static String of(String listing, String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((listing + "\n" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token of {@code listing} holds; null when there is no token (the first page). */
    static String position(String token, String listing) {
        if (token == null) return null;
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
        String prefix = listing + "\n";
        if (!text.startsWith(prefix)) throw invalid(token);
        return text.substring(prefix.length());
    }

    static EngineException invalid(String token) {
        String shown = token.length() <= 64 ? token : token.substring(0, 64) + "...";
        return new EngineException("InvalidToken", "Invalid Token: '" + shown
                + "': nextToken must be a token a previous call of this operation returned, with the other arguments unchanged");
    }
}
