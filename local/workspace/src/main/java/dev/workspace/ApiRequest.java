package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated API call, as the handlers see it.
 *
 * @param method the HTTP method
 * @param endpoint the path without its /api/2.x/ prefix
 * @param query the query parameters (GET requests carry their fields here)
 * @param body the JSON body, an empty object when there is none
 * @param caller the user name the token belongs to
 * @param pathIds the path segments matched by * in the route, in order
 */
record ApiRequest(String method, String endpoint, Map<String, String> query, JsonNode body, String caller,
        List<String> pathIds) {

    /** A field from the query string or, failing that, from the body. */
    Optional<String> field(String name) {
        String fromQuery = query.get(name);
        return fromQuery != null && !fromQuery.isEmpty() ? Optional.of(fromQuery) : Json.text(body, name);
    }

    String requiredField(String name) {
        return field(name).orElseThrow(() -> ApiException.missingField(name));
    }

    long requiredLong(String name) {
        String text = requiredField(name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("Invalid value for " + name + ": expected an integer, got \"" + text
                    + "\"");
        }
    }
}
