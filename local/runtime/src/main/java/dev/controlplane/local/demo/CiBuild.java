package dev.controlplane.local.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.domain.ArtifactName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a project's CI uploads for one build: the script, a wheel, and last {@code manifest.json} naming each file with
 * its SHA-256 and size, under {@code {team}/{project}/{commit}/} of the inbox (README, "Artifact promotion").
 */
record CiBuild(String team, String project, String script, String version, String branch, String commit,
        Map<String, byte[]> files) {

    /**
     * A build of {@code script} at {@code version}: a python script that prints what it scores, and the project's wheel
     * built with the version the naming rules give it (a feature branch's as a PEP 440 local label).
     */
    static CiBuild of(String team, String project, String script, String version, String branch, String defaultBranch,
            String commit) {
        String wheelVersion = (branch.equals(defaultBranch) ? ArtifactName.defaultBranchBuild(team, project, script, version)
                : ArtifactName.featureBranchBuild(team, project, script, version, branch)).wheelVersion();
        String distribution = project.replace('-', '_');
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(script + ".py", scriptSource(project, script, version, branch).getBytes(StandardCharsets.UTF_8));
        files.put(distribution + "-" + wheelVersion + "-py3-none-any.whl", wheel(distribution, wheelVersion));
        return new CiBuild(team, project, script, version, branch, commit, files);
    }

    /** The inbox prefix of this build. */
    String prefix() {
        return team + "/" + project + "/" + commit + "/";
    }

    /** Uploads the files, then the manifest (whose upload starts promote-artifact), as CI does. */
    void upload(S3Client s3, String inbox) {
        files.forEach((name, bytes) -> s3.putObject(p -> p.bucket(inbox).key(prefix() + name), RequestBody.fromBytes(bytes)));
        s3.putObject(p -> p.bucket(inbox).key(prefix() + "manifest.json").contentType("application/json"),
                RequestBody.fromString(manifest()));
    }

    String manifest() {
        ObjectNode m = Json.object();
        m.put("team", team).put("project", project).put("script", script).put("version", version).put("branch", branch)
                .put("commit", commit);
        ArrayNode list = m.putArray("files");
        files.forEach((name, bytes) -> list.addObject().put("name", name).put("sha256", sha256(bytes)).put("size", bytes.length));
        return Json.write(m);
    }

    private static String scriptSource(String project, String script, String version, String branch) {
        return """
                \"\"\"%1$s/%2$s %3$s (built from %4$s): scores the day's customers.\"\"\"
                import argparse
                import datetime

                parser = argparse.ArgumentParser(description="%2$s")
                parser.add_argument("--date", default=datetime.date.today().isoformat())
                parser.add_argument("--mode", default="incremental")
                args, _ = parser.parse_known_args()
                scored = 1000 if args.mode == "full" else 100
                print(f"%2$s %3$s: scored {scored} customers for {args.date} ({args.mode})")
                """.formatted(project, script, version, branch);
    }

    /** A small but well-formed wheel: the package and its dist-info. */
    private static byte[] wheel(String distribution, String version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String project = distribution;
        String distInfo = distribution + "-" + version + ".dist-info/";
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, project + "/__init__.py", "__version__ = \"" + version + "\"\n");
            entry(zip, distInfo + "METADATA", "Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version + "\n");
            entry(zip, distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: controlplane-demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            entry(zip, distInfo + "RECORD", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
