package dev.aslengine.runtime;

import java.util.List;

/**
 * Keeps each step of running STANDARD executions (see {@link JournalEntry}) so that after a crash they can be put back
 * with {@link Engine#resumeExecution} and go on from their last completed state. Called on the executions' threads,
 * in the order the steps happen within each execution.
 */
public interface ExecutionJournal {
    /** Replaces what is kept of the execution with these entries (it starts, is redriven or is resumed). */
    void begin(Execution execution, List<JournalEntry> entries);

    /** Adds one step of the execution. */
    void record(Execution execution, JournalEntry entry);
}
