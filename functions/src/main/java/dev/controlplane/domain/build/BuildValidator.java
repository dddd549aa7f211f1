package dev.controlplane.domain.build;

import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.BuildSource;
import dev.controlplane.domain.ChecksumMismatchException;
import dev.controlplane.domain.FileMissingException;
import dev.controlplane.domain.InvalidArtifactException;
import dev.controlplane.domain.Manifest;
import dev.controlplane.domain.ManifestFile;
import dev.controlplane.domain.ManifestUnreadableException;
import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.VersionOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ProjectConfig;
import dev.controlplane.domain.config.ProjectRef;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.UnknownScriptException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an uploaded build before anything is published: the manifest is readable and valid, it sits
 * under its own team and project, the team, project and script are configured, every file is there with
 * the size and SHA-256 the manifest gives, and every file has a place under the naming rules. The result
 * says where each file goes and to which environments.
 */
public final class BuildValidator {

    /** Manifests are small; anything larger is not one, and is not read into memory. */
    public static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String REFS_HEADS = "refs/heads/";

    private final PlatformConfig config;
    private final BuildSource source;

    public BuildValidator(PlatformConfig config, BuildSource source) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * @throws ManifestUnreadableException, InvalidArtifactException, the config's Unknown*Exception,
     *         FileMissingException or ChecksumMismatchException, each naming the manifest, field and what was expected
     */
    public Build validate(ManifestUpload upload) {
        String input = "s3://" + upload.bucket() + "/" + upload.key();
        Manifest manifest = Manifest.parse(input, readManifest(upload, input));
        requireKeyAgrees(upload, manifest, input);

        TeamConfig team = config.team(manifest.team(), input);
        ProjectConfig project = team.project(manifest.project(), input);
        if (!project.scripts().contains(manifest.script())) {
            throw new UnknownScriptException(input, new ProjectRef(team, project), manifest.script());
        }
        ArtifactName name = manifest.artifactName(project.defaultBranch());
        List<String> targetKeys = targetKeys(manifest, name, input);

        List<Build.PublishedFile> files = new ArrayList<>(manifest.files().size());
        for (int i = 0; i < manifest.files().size(); i++) {
            files.add(checkedFile(upload, manifest.files().get(i), "files[" + i + "]", targetKeys.get(i), input));
        }
        List<PromotionTarget> environments = name.isFeatureBranchBuild()
                ? List.of(PromotionTarget.of(config.firstEnvironment()))
                : config.environments().stream().map(PromotionTarget::of).toList();
        String branch = manifest.branch().startsWith(REFS_HEADS)
                ? manifest.branch().substring(REFS_HEADS.length()) : manifest.branch();
        return new Build(manifest.team(), manifest.project(), manifest.script(), manifest.version(),
                name.publishedVersion(), VersionOrder.of(manifest.version()), branch, name.branchSlug().orElse(null),
                name.isFeatureBranchBuild(), manifest.commit(), project.repository(), name.folder(), digest(files),
                files, environments);
    }

    private String readManifest(ManifestUpload upload, String input) {
        String expected = "the build's manifest.json, a JSON object of at most " + MAX_MANIFEST_BYTES + " bytes";
        Optional<BuildSource.StoredObject> opened = source.open(upload.bucket(), upload.key(), upload.versionId());
        if (opened.isEmpty()) {
            throw new ManifestUnreadableException(input, "object", upload.versionId() == null ? "does not exist"
                    : "does not exist in version " + upload.versionId(), expected);
        }
        byte[] bytes;
        try (BuildSource.StoredObject manifest = opened.get()) {
            if (manifest.size() > MAX_MANIFEST_BYTES) {
                throw tooLarge(input, manifest.size(), expected);
            }
            // The reported size is not trusted with memory: read one byte past the limit at most.
            bytes = manifest.content().readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + input, e);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw tooLarge(input, bytes.length, expected);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ManifestUnreadableException(input, "document", "is not JSON (" + e.getOriginalMessage() + ")",
                    expected);
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + input, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ManifestUnreadableException(input, "document", "is empty", expected);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ManifestUnreadableException tooLarge(String input, long size, String expected) {
        return new ManifestUnreadableException(input, "size", "is " + size + " bytes", expected);
    }

    // The key decides who may upload where (bucket policies by prefix): the manifest cannot claim another team.
    private static void requireKeyAgrees(ManifestUpload upload, Manifest manifest, String input) {
        String[] segments = upload.key().split("/", -1);
        String layout = "the build uploaded under {team}/{project}/ as its manifest names them: "
                + manifest.team() + "/" + manifest.project() + "/";
        if (segments.length < 3) {
            throw new InvalidArtifactException(input, "key", "is '" + upload.key() + "'", layout);
        }
        if (!segments[0].equals(manifest.team())) {
            throw new InvalidArtifactException(input, "team", "is '" + manifest.team()
                    + "', but the build was uploaded under '" + segments[0] + "/'", layout);
        }
        if (!segments[1].equals(manifest.project())) {
            throw new InvalidArtifactException(input, "project", "is '" + manifest.project()
                    + "', but the build was uploaded under '" + segments[0] + "/" + segments[1] + "/'", layout);
        }
    }

    /** Where each file is published: the script under the naming rules, a wheel beside it under its own name. */
    private static List<String> targetKeys(Manifest manifest, ArtifactName name, String input) {
        List<String> keys = new ArrayList<>();
        Map<String, String> claimedBy = new HashMap<>();
        for (int i = 0; i < manifest.files().size(); i++) {
            String field = "files[" + i + "].name";
            String fileName = manifest.files().get(i).name();
            String key;
            if (fileName.endsWith(".py")) {
                key = name.scriptKey();
            } else if (fileName.endsWith(".whl")) {
                key = wheelKey(name, fileName, input, field);
            } else {
                throw new InvalidArtifactException(input, field, "is '" + fileName
                        + "', which is neither a .py script nor a .whl wheel", "only the script (.py) and wheels (.whl)");
            }
            String earlier = claimedBy.putIfAbsent(key, fileName);
            if (earlier != null) {
                throw new InvalidArtifactException(input, field, "is '" + fileName + "', which would be published as "
                        + key + " like '" + earlier + "'", "one script (.py) per build and wheels with distinct file names");
            }
            keys.add(key);
        }
        return keys;
    }

    // The wheel's rule is ArtifactName's; the field is renamed so the error points into the manifest.
    private static String wheelKey(ArtifactName name, String fileName, String input, String field) {
        try {
            return name.wheelKey(fileName.substring(fileName.lastIndexOf('/') + 1));
        } catch (InvalidArtifactException e) {
            String detail = e.getMessage().substring((e.input() + ": " + e.field() + " ").length());
            int expected = detail.indexOf("; expected ");
            throw new InvalidArtifactException(input, field, "is '" + fileName + "': its wheel " + e.field() + " "
                    + detail.substring(0, expected), detail.substring(expected + "; expected ".length()));
        }
    }

    private Build.PublishedFile checkedFile(ManifestUpload upload, ManifestFile file, String at, String targetKey,
            String input) {
        String key = upload.prefix() + file.name();
        String location = "s3://" + upload.bucket() + "/" + key;
        Optional<BuildSource.StoredObject> opened = source.open(upload.bucket(), key, null);
        if (opened.isEmpty()) {
            throw new FileMissingException(input, at + ".name", "is '" + file.name() + "', but " + location
                    + " does not exist", "every file the manifest lists uploaded beside it, before the manifest");
        }
        try (BuildSource.StoredObject object = opened.get()) {
            if (object.size() != file.size()) {
                throw sizeMismatch(input, at, file, location, object.size());
            }
            MessageDigest sha256 = sha256();
            long read = 0;
            byte[] buffer = new byte[BUFFER_BYTES];
            InputStream content = object.content();
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                sha256.update(buffer, 0, n);
                read += n;
            }
            if (read != file.size()) {
                throw sizeMismatch(input, at, file, location, read);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(file.sha256())) {
                throw new ChecksumMismatchException(input, at + ".sha256", "is " + file.sha256() + " for '"
                        + file.name() + "', but " + location + " has sha256 " + actual,
                        "the SHA-256 of the uploaded bytes (upload the build again, or regenerate the manifest)");
            }
            return new Build.PublishedFile(file.name(), targetKey, actual, read,
                    new Build.SourceObject(upload.bucket(), key, object.versionId()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + location, e);
        }
    }

    private static ChecksumMismatchException sizeMismatch(String input, String at, ManifestFile file, String location,
            long actual) {
        return new ChecksumMismatchException(input, at + ".size", "is " + file.size() + " bytes for '" + file.name()
                + "', but " + location + " has " + actual + " bytes",
                "the size of the uploaded bytes (upload the build again, or regenerate the manifest)");
    }

    /** SHA-256 hex of the sorted lines {@code "{key} {sha256}\n"}: the same files give the same digest. */
    public static String digest(List<Build.PublishedFile> files) {
        MessageDigest sha256 = sha256();
        files.stream().map(file -> file.key() + " " + file.sha256() + "\n").sorted()
                .forEach(line -> sha256.update(line.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
