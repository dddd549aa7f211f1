package dev.controlplane.local.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One authorization an AWS call needs: an action on a resource, with the request's condition keys (a CopyObject needs
 * two: s3:PutObject on the target and s3:GetObject on the source; a write to an SSE-KMS bucket needs the key too).
 *
 * @param action   {@code service:Action}, e.g. {@code s3:PutObject}
 * @param resource the resource's ARN, or {@code *} for actions on no resource
 * @param context  condition keys (matched without regard to case) to their values
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> context) {
    public AccessRequest {
        Map<String, List<String>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        context.forEach((k, v) -> keys.put(k, List.copyOf(v)));
        context = java.util.Collections.unmodifiableMap(keys);
    }

    public AccessRequest(String action, String resource) {
        this(action, resource, Map.of());
    }

    /** The service prefix of the action ({@code s3}). */
    public String service() {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon).toLowerCase(Locale.ROOT);
    }
}
