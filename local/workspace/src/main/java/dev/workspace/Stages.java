package dev.workspace;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The clock and the scheduler that move runs, clusters and statements from one state to the next. */
final class Stages implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-workspace-stages");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final LongSupplier clock = System::currentTimeMillis;

    long now() {
        return clock.getAsLong();
    }

    void after(Duration delay, Runnable step) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Work that blocks (a python process) runs off the scheduler thread. */
    void inBackground(Runnable work) {
        if (!workers.isShutdown()) {
            workers.submit(work);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
