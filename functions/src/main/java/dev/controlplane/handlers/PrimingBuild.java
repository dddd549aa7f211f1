package dev.controlplane.handlers;

import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.BuildValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The made-up default-branch build that AcceptVersion's priming announces ({@link StoragePriming#acceptVersion}) and
 * RetryPromotion's retries ({@link ClaimPriming#retryHttp}): one script, its digest as {@link BuildValidator} gives
 * it. Domain classes only, so that the storage and the triggers packages both hold it.
 */
final class PrimingBuild {

    static final String ARTIFACT = "snapstart-priming/priming/priming";
    static final String VERSION = "1.0.0";
    /** The build's one file, and its key in an artifact bucket. */
    static final String FILE = "priming.py";
    static final String KEY = ARTIFACT + "/priming-" + VERSION + ".py";

    private static final String SHA256 = "0".repeat(64);
    private static final long SIZE = 2;

    private PrimingBuild() {
    }

    /**
     * The build's text fields, named as both an announcement's detail and the registry's version item name them:
     * team, project, script, version, versionOrder, branch, commit, repository and digest.
     */
    static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("team", "snapstart-priming");
        fields.put("project", "priming");
        fields.put("script", "priming");
        fields.put("version", VERSION);
        fields.put("versionOrder", VersionOrder.of(VERSION));
        fields.put("branch", "main");
        fields.put("commit", "1".repeat(40));
        fields.put("repository", "snapstart-priming/priming");
        fields.put("digest", BuildValidator.digest(List.of(new Build.PublishedFile(FILE, KEY, SHA256, SIZE, null))));
        return fields;
    }

    /** The build's one file as a manifest lists it: name, key, sha256 and size. */
    static Map<String, Object> file() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", FILE);
        file.put("key", KEY);
        file.put("sha256", SHA256);
        file.put("size", SIZE);
        return file;
    }
}
