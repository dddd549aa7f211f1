package dev.controlplane.domain.publish;

import java.util.List;

/**
 * What publishing into one environment did.
 *
 * @param copied    keys copied by this call
 * @param unchanged keys already published with the same bytes
 */
public record PublishResult(String environment, String bucket, List<String> copied, List<String> unchanged) {

    public PublishResult {
        copied = List.copyOf(copied);
        unchanged = List.copyOf(unchanged);
    }
}
