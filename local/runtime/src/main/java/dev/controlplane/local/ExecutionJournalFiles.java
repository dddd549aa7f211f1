package dev.controlplane.local;

import dev.aslengine.Json;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionJournal;
import dev.aslengine.runtime.JournalEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Each running execution's journal in a file of its own ({@code {hash of the ARN}.journal}): records appended as the
 * execution goes, each its length, its CRC-32 and its JSON text, so that a record cut short by a crash is recognised
 * and dropped on reading. A journal is started anew (a whole file written beside it, then moved in place) when the
 * execution starts, is redriven or is resumed, and removed once the execution's end is kept as its snapshot.
 * A record reaches the operating system as it is appended (a killed process loses none); the disk gets them in
 * groups: every {@link #SYNC_INTERVAL_MS} ms a thread of its own forces the journals appended to since its last
 * round, and the folder once a journal was moved into it, so a power cut loses at most that long of steps (which
 * then run again) and never costs an execution its turn.
 */
final class ExecutionJournalFiles implements ExecutionJournal, AutoCloseable {
    static final String SUFFIX = ".journal";
    /** No record is larger: a length above it is a damaged file, not a record. */
    private static final int MAX_RECORD = 64 << 20;

    /** How often the records appended since the last round are forced to the disk. */
    static final long SYNC_INTERVAL_MS = 100;

    private final Path folder;
    private final PrintStream log;
    private final Map<String, Writer> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "execution-journal-sync");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean folderMoved;
    private volatile boolean closed;

    ExecutionJournalFiles(Path folder, PrintStream log) {
        this.folder = folder;
        this.log = log;
        syncer.scheduleWithFixedDelay(this::sync, SYNC_INTERVAL_MS, SYNC_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** One round of the syncer: each journal appended to since the last one, then the folder when it changed. */
    void sync() {
        for (Writer w : open.values()) w.force();
        if (folderMoved) {
            folderMoved = false;
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // a file system (or an OS) that cannot force a folder: the files themselves are forced all the same
            }
        }
    }

    /** The journal file of an execution. */
    Path file(String executionArn) {
        return folder.resolve(StepFunctionsService.fileName(executionArn, SUFFIX));
    }

    private final class Writer {
        final String arn;
        final FileChannel channel;
        boolean failed;
        volatile boolean appended;

        Writer(String arn, FileChannel channel) {
            this.arn = arn;
            this.channel = channel;
        }

        synchronized void append(JournalEntry entry) {
            if (failed || closed) return;
            try {
                ByteBuffer record = ByteBuffer.wrap(encode(entry));
                while (record.hasRemaining()) channel.write(record);
                appended = true;
            } catch (IOException e) {
                failed = true;
                log.println("step functions: could not journal " + arn + " (" + file(arn) + "): " + e.getMessage()
                        + "; a crash now loses what it did since");
            }
        }

        /** Forces what was appended since the last call (outside the append lock: appends go on meanwhile). */
        void force() {
            if (!appended) return;
            appended = false;
            try {
                channel.force(false);
            } catch (IOException e) {
                // closed meanwhile (the execution ended, up stops), or a disk that refuses: the appends report that
            }
        }

        synchronized void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more is written to it either way
            }
        }
    }

    @Override
    public void begin(Execution execution, List<JournalEntry> entries) {
        if (closed) return;
        String arn = execution.arn();
        Writer old = open.remove(arn);
        if (old != null) old.close();
        Path file = file(arn);
        try {
            Path temp = Files.createTempFile(folder, ".journal", ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                for (JournalEntry e : entries) {
                    ByteBuffer record = ByteBuffer.wrap(encode(e));
                    while (record.hasRemaining()) out.write(record);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            folderMoved = true;
            open.put(arn, new Writer(arn, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            log.println("step functions: could not start the journal of " + arn + " (" + file + "): " + e.getMessage()
                    + "; it is kept only when it ends");
        }
    }

    @Override
    public void record(Execution execution, JournalEntry entry) {
        Writer w = open.get(execution.arn());
        if (w != null) w.append(entry);
    }

    /** The execution's end is kept elsewhere now: its journal goes. */
    void ended(String executionArn) {
        if (closed) return;
        Writer w = open.remove(executionArn);
        if (w != null) w.close();
        try {
            Files.deleteIfExists(file(executionArn));
        } catch (IOException e) {
            log.println("step functions: could not remove the journal " + file(executionArn) + ": " + e.getMessage());
        }
    }

    boolean closed() {
        return closed;
    }

    /** Nothing more is written: the executions still running stay journaled as they are, to be resumed on the next start. */
    @Override
    public void close() {
        closed = true;
        syncer.shutdownNow();
        sync();
        open.values().forEach(Writer::close);
        open.clear();
    }

    static byte[] encode(JournalEntry entry) {
        byte[] text = Json.write(entry.toJson()).getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(text);
        ByteBuffer record = ByteBuffer.allocate(8 + text.length);
        record.putInt(text.length).putInt((int) crc.getValue()).put(text);
        return record.array();
    }

    /**
     * What a journal file holds: its entries up to the first record that cannot be read, and what was wrong with that
     * one (null when every record was read). A record cut short at the end of the file ({@code tornTail}) is what a
     * crash in the middle of a write leaves.
     */
    record Contents(List<JournalEntry> entries, String problem, boolean tornTail) {}

    static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<JournalEntry> entries = new ArrayList<>();
        int n = 0;
        while (in.hasRemaining()) {
            n++;
            int start = in.position();
            if (in.remaining() < 8) return torn(entries, n, start, bytes.length);
            int length = in.getInt();
            int checksum = in.getInt();
            if (length < 0 || length > MAX_RECORD) {
                return new Contents(entries, "record " + n + " (byte " + start + ") has an impossible length " + length, false);
            }
            if (in.remaining() < length) return torn(entries, n, start, bytes.length);
            byte[] text = new byte[length];
            in.get(text);
            CRC32 crc = new CRC32();
            crc.update(text);
            if ((int) crc.getValue() != checksum) {
                if (!in.hasRemaining()) return torn(entries, n, start, bytes.length);
                return new Contents(entries, "record " + n + " (byte " + start + ") does not match its checksum", false);
            }
            try {
                entries.add(JournalEntry.fromJson(Json.parse(new String(text, StandardCharsets.UTF_8))));
            } catch (RuntimeException e) {
                return new Contents(entries, "record " + n + " (byte " + start + ") is not a journal entry: " + e.getMessage(), false);
            }
        }
        return new Contents(entries, null, false);
    }

    private static Contents torn(List<JournalEntry> entries, int n, int start, int size) {
        return new Contents(entries, "its last record (" + n + ", " + (size - start) + " bytes) was cut short", true);
    }
}
