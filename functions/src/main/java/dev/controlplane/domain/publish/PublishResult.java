package dev.controlplane.domain.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What publishing into one environment did.
 *
 * @param copied    keys copied by this call
 * @param unchanged keys already published with the same bytes
 * @param versions  each published key to the object version it now is in the bucket (the copy made, or the one found
 *                  unchanged), so that the next environment copies exactly these bytes; empty where the bucket keeps
 *                  no versions
 */
public record PublishResult(String environment, String bucket, List<String> copied, List<String> unchanged,
        Map<String, String> versions) {

    public PublishResult {
        copied = List.copyOf(copied);
        unchanged = List.copyOf(unchanged);
        versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }
}
