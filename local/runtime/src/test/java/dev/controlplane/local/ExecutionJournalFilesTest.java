package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import dev.aslengine.runtime.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal file as a crash leaves it: a record cut short at its end is dropped, a damaged one is named. */
class ExecutionJournalFilesTest {
    static final String WAITS = """
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Result": {"ready": true}, "Next": "Hold"},
          "Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}}
        """;

    @TempDir
    Path dir;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
    }

    Engine engine(ExecutionJournalFiles journal) {
        Engine engine = Engine.builder().journal(journal).build();
        engines.add(engine);
        engine.createStateMachine("waits", WAITS, null);
        return engine;
    }

    /** An execution waiting in its Wait state, its journal closed as up's stop leaves it; returns the journal file. */
    Path journaledExecution() throws Exception {
        ExecutionJournalFiles journal = new ExecutionJournalFiles(dir, new PrintStream(log, true));
        Engine engine = engine(journal);
        Execution e = engine.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:waits", "held", Json.object());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (e.history().events().stream().noneMatch(ev -> ev.type().equals("WaitStateEntered"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
        journal.close();
        return journal.file(e.arn());
    }

    @Test
    void aRecordCutShortAtTheEndIsDroppedAndTheExecutionGoesOnFromTheRecordsBeforeIt() throws Exception {
        Path file = journaledExecution();
        ExecutionJournalFiles.Contents whole = ExecutionJournalFiles.read(file);
        assertThat(whole.problem()).isNull();
        byte[] next = ExecutionJournalFiles.encode(new JournalEntry.Finished("/Map[0]", Json.object().put("done", true)));
        Files.write(file, java.util.Arrays.copyOf(next, next.length - 3), StandardOpenOption.APPEND);

        ExecutionJournalFiles.Contents cut = ExecutionJournalFiles.read(file);
        assertThat(cut.tornTail()).isTrue();
        assertThat(cut.problem()).startsWith("its last record (" + (whole.entries().size() + 1) + ", " + (next.length - 3) + " bytes) was cut short");
        assertThat(cut.entries()).hasSameSizeAs(whole.entries());

        Execution resumed = engine(new ExecutionJournalFiles(dir, new PrintStream(log, true))).resumeExecution(cut.entries());
        assertThat(resumed.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(resumed.history().events()).extracting(ev -> ev.type())
                .containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered");
        assertThat(ExecutionJournalFiles.read(file).problem()).as("the journal started anew, whole").isNull();
    }

    @Test
    void aDamagedRecordIsNamedWithItsPlaceAndTheRecordsBeforeItAreKept() throws Exception {
        Path file = journaledExecution();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int offset = 0;
        for (int i = 0; i < 2; i++) offset += 8 + in.getInt(offset);
        bytes[offset + 8 + 3] ^= 0x20;
        Files.write(file, bytes);

        ExecutionJournalFiles.Contents read = ExecutionJournalFiles.read(file);
        assertThat(read.tornTail()).isFalse();
        assertThat(read.problem()).isEqualTo("record 3 (byte " + offset + ") does not match its checksum");
        assertThat(read.entries()).hasSize(2);
        assertThat(read.entries().get(0)).isInstanceOf(JournalEntry.Begun.class);
    }
}
