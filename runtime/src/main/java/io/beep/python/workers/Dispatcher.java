package io.beep.python.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.PythonException;
import io.beep.python.WorkerStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds a pool's calls to its workers: one shared bounded queue, served by one {@link Slot} per
 * worker, which takes the next call whenever its worker is idle (so all workers serve the queue
 * fairly), replaces a worker that died or timed out, and recycles one after {@code maxCalls}.
 */
final class Dispatcher {

    /** How long {@link #close()} lets running calls finish. */
    private static final long DRAIN_MILLIS = 2_000;

    /** A queued call: its request frame is built by the caller, so the dispatcher only moves bytes. */
    record Call(String callable, Frame frame, CompletableFuture<JsonNode> future) {
    }

    private final WorkerCommand command;
    private final ObjectMapper json;
    private final BlockingQueue<Call> queue;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile List<Slot> slots = List.of();
    private volatile boolean closed;
    private ScheduledThreadPoolExecutor timer;
    private Path script;

    Dispatcher(WorkerCommand command, ObjectMapper json) {
        this.command = command;
        this.json = json;
        int queueSize = command.options().queueSize();
        this.queue = queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize);
    }

    /**
     * Gives each of {@code workers} (started and ready, or {@code null} to start on the slot's thread)
     * a slot and starts the slots' threads. Called once, under the pool's lock.
     */
    void launch(List<Worker> workers, Path script) {
        this.script = script;
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "beep-python-" + command.environment() + "-workers-timer"));
            timer.setRemoveOnCancelPolicy(true);
        }
        List<Slot> created = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            created.add(new Slot(this, i + 1, workers.get(i)));
        }
        slots = List.copyOf(created);
        created.forEach(slot -> slot.thread.start());
    }

    /** Queues {@code call}; false when the queue is full. */
    boolean offer(Call call) {
        return queue.offer(call);
    }

    /** Takes back a call queued as the pool closed; false when a slot already took it. */
    boolean withdraw(Call call) {
        return queue.remove(call);
    }

    /** The next call, or {@code null} after a short wait (so a slot sees {@link #closed()} in time). */
    Call next() throws InterruptedException {
        return queue.poll(250, TimeUnit.MILLISECONDS);
    }

    WorkerStats stats() {
        int alive = 0;
        for (Slot slot : slots) {
            Worker worker = slot.worker;
            if (worker != null && worker.isAlive()) {
                alive++;
            }
        }
        return new WorkerStats(alive, command.options().size(), completed.get(), failed.get(), queue.size());
    }

    /** Why no call can run now: no worker is alive, and the last try to start one failed (empty before the first try). */
    Optional<WorkerException> unavailable() {
        WorkerException failure = null;
        for (Slot slot : slots) {
            Worker worker = slot.worker;
            if (worker != null && worker.isAlive()) {
                return Optional.empty();
            }
            if (failure == null) {
                failure = slot.startFailure;
            }
        }
        return Optional.ofNullable(failure);
    }

    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Slot slot : slots) {
            Worker worker = slot.worker;
            if (worker != null && worker.isAlive()) {
                pids.add(worker.pid());
            }
        }
        return pids;
    }

    /**
     * Fails the waiting calls ({@link WorkerException.Reason#CLOSED}), lets running calls finish for a
     * short while, then stops every worker (channel closed, then killed if it does not exit).
     */
    void close() {
        closed = true;
        List<Slot> toStop = slots;
        List<Call> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        waiting.forEach(call -> fail(call, closedError(call.callable())));
        toStop.forEach(slot -> slot.thread.interrupt());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        for (Slot slot : toStop) {
            join(slot.thread, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        for (Slot slot : toStop) {
            if (slot.thread.isAlive()) {
                slot.closing = true;
                for (Worker worker : new Worker[] {slot.worker, slot.starting}) {
                    if (worker != null) {
                        worker.kill();
                    }
                }
                join(slot.thread, 5_000);
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    boolean closed() {
        return closed;
    }

    WorkerException closedError(String callable) {
        return new WorkerException(WorkerException.Reason.CLOSED, callable,
                "The workers of environment '" + command.environment() + "' are closed" + (callable == null ? "" : "; " + callable + " was not run"));
    }

    void complete(Call call, JsonNode result) {
        completed.incrementAndGet();
        call.future().complete(result);
    }

    void fail(Call call, PythonException error) {
        countFailure();
        call.future().completeExceptionally(error);
    }

    /** A call that failed, counted also when it never reached the queue. */
    void countFailure() {
        completed.incrementAndGet();
        failed.incrementAndGet();
    }

    WorkerCommand command() {
        return command;
    }

    ObjectMapper json() {
        return json;
    }

    Path script() {
        return script;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
