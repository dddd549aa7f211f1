package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.promotion.ArrivalPlan;
import dev.controlplane.domain.promotion.VersionAnnouncement;
import dev.controlplane.domain.promotion.VersionArrivals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda {@code AcceptVersion}: the first step of promote-artifact in an environment that pulls, given the
 * EventBridge event its promotion bus delivered ({@code {account, source, detail-type, detail}}, detail
 * {@code {from, team, project, script, version, publishedVersion, versionOrder, branch, commit, repository, artifact,
 * digest, released, files: [{name, key, sha256, size, versionId}]}}). Checks it against this stack's own config
 * ({@link VersionArrivals}) and answers the arrival plan: the build with each file's source pinned in the environment
 * before this one, this environment, and the next. Makes no AWS call.
 *
 * <p>Environment: {@code CONTROLPLANE_ENVIRONMENT}, optionally {@code CONTROLPLANE_CONFIG_DIR} (else the config
 * packaged with the function).
 */
public final class AcceptVersionHandler implements RequestStreamHandler {

    static final String FUNCTION = "AcceptVersion";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);
    private final VersionArrivals arrivals;

    /** What Lambda calls: the config packaged with the function, for this stack's environment. */
    public AcceptVersionHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public AcceptVersionHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), StackEnvironment.name(environment));
    }

    private AcceptVersionHandler(PlatformConfig config, String environment) {
        this(new VersionArrivals(config, environment));
        // SnapStart: a made-up version announced by the environment before this one, planned before the snapshot
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.acceptVersion(config, environment));
    }

    public AcceptVersionHandler(VersionArrivals arrivals) {
        this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        ArrivalPlan plan = arrivals.accept(announcement(task));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("artifact", plan.artifact());
        fields.put("publishedVersion", plan.publishedVersion());
        fields.put("from", plan.from());
        fields.put("environment", plan.environment().name());
        TaskLog.info("version announced", fields);
        TaskInput.JSON.writeValue(output, plan);
    }

    private static VersionAnnouncement announcement(TaskInput task) {
        JsonNode detail = task.object("detail", "the event's detail, the announced version");
        List<VersionAnnouncement.AnnouncedFile> files = new ArrayList<>();
        JsonNode list = detail.get("files");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(FUNCTION + " input: detail.files is "
                    + (list == null ? "missing" : list.getNodeType()) + "; expected [{name, key, sha256, size, versionId}]");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String path = "detail.files[" + i + "]";
            files.add(new VersionAnnouncement.AnnouncedFile(
                    task.text(f, "name", path + ".name", "the file's name in the manifest"),
                    task.text(f, "key", path + ".key", "the file's key in the artifact bucket"),
                    task.text(f, "sha256", path + ".sha256", "the file's SHA-256"),
                    task.number(f, "size", path + ".size", "the file's size in bytes"),
                    task.optionalText(f, "versionId", path + ".versionId")));
        }
        JsonNode released = detail.get("released");
        if (released != null && !released.isBoolean()) {
            throw new IllegalArgumentException(FUNCTION + " input: detail.released is " + released + "; expected true or false");
        }
        return new VersionAnnouncement(
                task.text("account", "the account that put the event"),
                task.text(detail, "from", "detail.from", "the announcing environment"),
                task.text(detail, "team", "detail.team", "the project's team"),
                task.text(detail, "project", "detail.project", "the project"),
                task.text(detail, "script", "detail.script", "the script"),
                task.text(detail, "version", "detail.version", "the version, e.g. 1.4.0"),
                task.text(detail, "publishedVersion", "detail.publishedVersion", "the published version"),
                task.text(detail, "versionOrder", "detail.versionOrder", "the version's sort key"),
                task.text(detail, "branch", "detail.branch", "the branch the build came from"),
                task.text(detail, "commit", "detail.commit", "the commit"),
                task.text(detail, "repository", "detail.repository", "the repository's owner/name"),
                task.text(detail, "artifact", "detail.artifact", "{team}/{project}/{script}"),
                task.text(detail, "digest", "detail.digest", "the build's digest"),
                released != null && released.booleanValue(),
                files);
    }
}
