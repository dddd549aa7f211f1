package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.api.StepFunctionsApiServer;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.integration.aws.S3ItemSource;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionSnapshot;
import dev.aslengine.runtime.ExecutionStatus;
import dev.aslengine.runtime.StateMachine;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine with every state machine of the template, its Lambda tasks served by the {@link FunctionHost} and its
 * service integrations by the local endpoint, and the Step Functions API over it. Executions are journaled under the
 * data folder as they end, and put back on the next start; executions still running at shutdown are stopped where
 * they are and redriven from that state on the next start. State machines created through the API are kept too (the
 * template's own are always taken from the template).
 */
final class StepFunctionsService implements AutoCloseable {
    /** The error of an execution stopped because controlplane up stopped: such executions are redriven on the next start. */
    static final String STOPPED_ERROR = "ControlPlane.RuntimeStopped";
    private static final String STOPPED_CAUSE = "controlplane up stopped while this execution was running;"
            + " it is redriven from the state it was in when controlplane up starts again";

    private final Engine engine;
    private final StateMachineRoles roles;
    private final StepFunctionsApiServer api;
    private final Path folder;
    private final Set<String> templateMachines;
    private final PrintStream log;
    private final List<String> restoreNotes = new ArrayList<>();
    private int restored;
    private int resumed;

    private StepFunctionsService(Engine engine, StepFunctionsApiServer api, Path folder, Set<String> templateMachines, PrintStream log,
            StateMachineRoles roles) {
        this.roles = roles;
        this.engine = engine;
        this.api = api;
        this.folder = folder;
        this.templateMachines = templateMachines;
        this.log = log;
    }

    /** @param timeScale multiplies Wait and Retry intervals (1: real time) */
    static StepFunctionsService start(LocalTemplate template, FunctionHost functions, LocalIam iam, URI awsEndpoint, Path folder,
            double timeScale, MockConfig mockConfig, PrintStream log) {
        try {
            Files.createDirectories(folder.resolve("executions"));
            Files.createDirectories(folder.resolve("state-machines"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Step Functions data folder " + folder + ": " + e.getMessage(), e);
        }
        StateMachineRoles roles = new StateMachineRoles(template, iam, awsEndpoint, log);
        Path executions = folder.resolve("executions");
        Engine engine = Engine.builder()
                .region(template.stack().region())
                .accountId(template.stack().accountId())
                .timeScale(timeScale)
                .mockConfig(mockConfig)
                .integration(roles.lambdas(functions.lambdas(), template))
                .integration(roles.services())
                .distributedMapStore(new S3ItemSource(roles.unchecked()))
                .onExecutionEnded(e -> journal(executions, e, log))
                .build();
        List<String> problems = new ArrayList<>();
        for (LocalTemplate.StateMachine sm : template.stateMachines()) {
            try {
                engine.createStateMachine(sm.name(), sm.definition(), null);
            } catch (EngineException e) {
                problems.add(sm.logicalId() + (sm.definitionFile() == null ? "" : " (" + sm.definitionFile() + ")") + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            engine.close();
            roles.close();
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Set<String> own = template.stateMachines().stream().map(LocalTemplate.StateMachine::name).collect(Collectors.toSet());
        StepFunctionsService service = new StepFunctionsService(engine, StepFunctionsApiServer.start(engine, 0), folder, own, log, roles);
        service.restoreStateMachines();
        service.restoreExecutions();
        return service;
    }

    Engine engine() {
        return engine;
    }

    URI url() {
        return api.url();
    }

    int restoredExecutions() {
        return restored;
    }

    int resumedExecutions() {
        return resumed;
    }

    List<String> restoreNotes() {
        return restoreNotes;
    }

    private void restoreStateMachines() {
        for (Path file : files(folder.resolve("state-machines"))) {
            try {
                JsonNode sm = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
                String name = sm.path("name").asText();
                if (templateMachines.contains(name)) continue;
                engine.createStateMachine(name, sm.path("definition").asText(), sm.path("roleArn").asText(null));
            } catch (IOException | RuntimeException e) {
                restoreNotes.add("state machine " + file.getFileName() + " not restored: " + e.getMessage());
            }
        }
    }

    private void restoreExecutions() {
        List<ExecutionSnapshot> snapshots = new ArrayList<>();
        for (Path file : files(folder.resolve("executions"))) {
            try {
                snapshots.add(ExecutionSnapshot.fromJson(Json.parse(Files.readString(file, StandardCharsets.UTF_8))));
            } catch (IOException | RuntimeException e) {
                restoreNotes.add("execution " + file.getFileName() + " not restored: " + e.getMessage());
            }
        }
        snapshots.sort(Comparator.comparing(ExecutionSnapshot::startDate));
        for (ExecutionSnapshot s : snapshots) {
            try {
                engine.restoreExecution(s);
                restored++;
            } catch (EngineException e) {
                restoreNotes.add("execution " + s.arn() + " not restored: " + e.getMessage());
            }
        }
        for (ExecutionSnapshot s : snapshots) {
            if (s.status() == ExecutionStatus.ABORTED && STOPPED_ERROR.equals(s.error()) && s.resumeState() != null) {
                try {
                    engine.redriveExecution(s.arn());
                    resumed++;
                } catch (EngineException e) {
                    restoreNotes.add("execution " + s.arn() + " not resumed: " + e.getMessage());
                }
            }
        }
    }

    private static List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.json")) {
            entries.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes an ended execution's snapshot, replacing the one from a previous run of it. */
    private static void journal(Path executions, Execution execution, PrintStream log) {
        try {
            write(executions.resolve(fileName(execution.arn())), Json.write(execution.snapshot().toJson()));
        } catch (UncheckedIOException e) {
            log.println("step functions: could not journal " + execution.arn() + ": " + e.getMessage());
        }
        ObjectNode line = Json.object().put("execution", execution.arn()).put("status", execution.status().name());
        if (execution.error() != null) line.put("error", execution.error());
        log.println("execution ended " + Json.write(line));
    }

    private static String fileName(String arn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".write", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** State machines created through the API (not the template's), kept for the next start. */
    private void saveStateMachines() {
        Path dir = folder.resolve("state-machines");
        List<String> kept = new ArrayList<>();
        for (StateMachine sm : engine.stateMachines()) {
            if (templateMachines.contains(sm.name())) continue;
            ObjectNode json = Json.object().put("name", sm.name()).put("definition", sm.definition()).put("roleArn", sm.roleArn());
            String file = fileName(sm.arn());
            write(dir.resolve(file), Json.write(json));
            kept.add(file);
        }
        for (Path file : files(dir)) {
            if (!kept.contains(file.getFileName().toString())) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.println("step functions: could not remove " + file + ": " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            List<Execution> stopped = engine.stopAll(STOPPED_ERROR, STOPPED_CAUSE, Duration.ofSeconds(10));
            if (!stopped.isEmpty()) log.println("step functions: stopped " + stopped.size() + " running execution(s); they resume on the next start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            saveStateMachines();
        } catch (UncheckedIOException e) {
            log.println("step functions: could not keep the state machines created through the API: " + e.getMessage());
        }
        api.close();
        engine.close();
        roles.close();
    }
}
