package io.beep.python.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.PythonCallException;
import io.beep.python.PythonException;
import io.beep.python.PythonWorkers;
import io.beep.python.WorkerStats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of long-lived CPython workers (see {@link PythonWorkers}).
 *
 * <h2>How calls run</h2>
 * Calls wait in one shared bounded queue ({@link WorkerOptions#queueSize()}; one more is rejected at
 * once with {@link WorkerException.Reason#QUEUE_FULL}); each worker has one dispatcher thread that
 * takes the next call whenever its worker is idle, so the queue is served fairly by all workers.
 * {@link #callAsync} only enqueues (it never blocks, also on the first call: workers start on their
 * dispatcher threads); the blocking forms wait on that future. A worker that dies during a call
 * (exit, signal) or passes {@link WorkerOptions#callTimeout()} (it is then killed, with its child
 * processes) fails only that call with a {@link PythonCallException} saying what happened, and is
 * replaced before its dispatcher takes the next call. After {@link WorkerOptions#maxCalls()} calls a
 * worker is replaced: the new one is started, then the old one's channel is closed and it exits.
 *
 * <h2>The channel</h2>
 * Frames of a 4-byte big-endian length and UTF-8 JSON on the worker's stdin/stdout, which the worker
 * moves to private descriptors before any user import: fd 0 then reads {@code /dev/null}, fd 1 and
 * {@code sys.stdout} write to stderr, so {@code print} or a C library writing to fd 1 cannot corrupt a
 * frame. Each worker's stderr is logged line by line ({@link System.Logger}, INFO) tagged
 * {@code [ENV worker N]}. A worker exits when its channel from the JVM closes, or when its parent
 * process goes away, so no worker outlives the JVM.
 *
 * <h2>JSON conversion</h2>
 * Arguments are written with Jackson. Results are converted by the worker:
 * <ul>
 * <li>{@code dict}, {@code list}, {@code tuple} (as an array), {@code str}, {@code int}, {@code float},
 * {@code bool}, {@code None} as JSON; integers of any size stay exact (a {@code BigInteger} node past
 * {@code long}); dict keys that are {@code int}/{@code float}/{@code bool}/{@code None} become strings;</li>
 * <li>{@code set}/{@code frozenset}: a sorted array, or in iteration order if the items do not sort;</li>
 * <li>an object with a {@code tolist()} method (numpy arrays, {@code array.array}) as its
 * {@code tolist()}, else one with {@code item()} (numpy scalars) as its {@code item()};
 * duck-typed, numpy is not imported;</li>
 * <li>{@code NaN} and {@code ±Infinity} fail the call ({@code builtins.ValueError}, saying that JSON
 * cannot represent them); {@code bytes}, {@code bytearray}, {@code memoryview} and any other type
 * fail it with {@code builtins.TypeError} naming the type.</li>
 * </ul>
 * A result that cannot be converted fails its call with a {@link PythonCallException} (the worker
 * stays); it never hangs.
 */
public final class WorkerPool implements PythonWorkers, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    /** How long {@link #close()} lets running calls finish. */
    private static final long DRAIN_MILLIS = 2_000;
    /** How long a stopped or recycled worker may take to exit before it is killed. */
    private static final long EXIT_GRACE_MILLIS = 1_000;
    private static final String SCRIPT = loadScript();

    private final WorkerOptions options;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Call> queue;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    private List<Slot> slots = List.of();
    private ScheduledThreadPoolExecutor timer;
    private Path script;
    /** Whether {@link #script} is this pool's own file, to delete on close. */
    private boolean ownScript;

    /** Starts nothing: workers start on {@link #start()} or on the first call. */
    public WorkerPool(WorkerOptions options) {
        this.options = options;
        this.queue = options.queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(options.queueSize());
    }

    /**
     * Starts every worker now and waits until each has imported {@link WorkerOptions#preload()}.
     * Does nothing if the pool already started.
     *
     * @throws WorkerException {@code PRELOAD_FAILED} naming the module and its Python error, or
     *                         {@code WORKER_START_FAILED}; no worker is left running then
     */
    public void start() {
        synchronized (lifecycle) {
            checkOpen(null);
            if (started) {
                return;
            }
            prepare();
            List<Worker> workers = new ArrayList<>();
            try {
                for (int i = 1; i <= options.size(); i++) {
                    workers.add(Worker.launch(options, script, i, json));
                }
                for (Worker worker : workers) {
                    worker.awaitReady(options);
                }
            } catch (RuntimeException e) {
                workers.forEach(Worker::kill);
                throw e;
            }
            launchSlots(workers);
        }
    }

    @Override
    public JsonNode call(String callable, Object... args) {
        CompletableFuture<JsonNode> future = submit(callable, args);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new WorkerException(WorkerException.Reason.INTERRUPTED, callable, "Interrupted while waiting for " + callable);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PythonException python) {
                throw python;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public <T> T call(String callable, Class<T> resultType, Object... args) {
        JsonNode result = call(callable, args);
        try {
            return json.treeToValue(result, resultType);
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.RESULT_NOT_BOUND, callable,
                    "The result of " + callable + " cannot be bound to " + resultType.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public CompletionStage<JsonNode> callAsync(String callable, Object... args) {
        return submit(callable, args);
    }

    private CompletableFuture<JsonNode> submit(String callable, Object[] args) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        try {
            if (callable == null || callable.isBlank()) {
                throw new IllegalArgumentException("The callable must be 'package.module:function'");
            }
            checkOpen(callable);
            byte[] frame = frame(callable, args);
            if (!started) {
                startLazily();
            }
            Call call = new Call(callable, frame, future);
            if (!queue.offer(call)) {
                throw new WorkerException(WorkerException.Reason.QUEUE_FULL, callable, "The worker queue of environment '"
                        + options.environment() + "' is full (" + options.queueSize() + " calls wait, workers.queue-size); " + callable
                        + " was rejected");
            }
            if (closed && queue.remove(call)) {
                throw closedError(callable);
            }
        } catch (PythonException e) {
            count(e);
            future.completeExceptionally(e);
        }
        return future;
    }

    private byte[] frame(String callable, Object[] args) {
        Map<String, Object> request = new LinkedHashMap<>(4);
        request.put("id", ids.incrementAndGet());
        request.put("callable", callable);
        request.put("args", args == null ? new Object[0] : args);
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.ARGUMENTS_NOT_JSON, callable,
                    "The arguments of " + callable + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void startLazily() {
        synchronized (lifecycle) {
            checkOpen(null);
            if (!started) {
                prepare();
                List<Worker> none = new ArrayList<>();
                for (int i = 0; i < options.size(); i++) {
                    none.add(null);
                }
                launchSlots(none);
            }
        }
    }

    private void prepare() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "beep-python-" + options.environment() + "-workers-timer"));
            timer.setRemoveOnCancelPolicy(true);
        }
        if (script == null) {
            script = writeScript();
        }
    }

    private void launchSlots(List<Worker> workers) {
        List<Slot> created = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Slot slot = new Slot(i + 1, workers.get(i));
            created.add(slot);
        }
        slots = List.copyOf(created);
        started = true;
        created.forEach(slot -> slot.thread.start());
    }

    @Override
    public WorkerStats stats() {
        int alive = 0;
        for (Slot slot : slots) {
            Worker worker = slot.worker;
            if (worker != null && worker.isAlive()) {
                alive++;
            }
        }
        return new WorkerStats(alive, options.size(), completed.get(), failed.get(), queue.size());
    }

    /** The process ids of the workers running now (for tests and diagnostics). */
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
     * Rejects new calls and fails the waiting ones ({@link WorkerException.Reason#CLOSED}), lets
     * running calls finish for a short while, then stops every worker (channel closed, then killed if
     * it does not exit). No worker process is left behind.
     */
    @Override
    public void close() {
        List<Slot> toStop;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = slots;
        }
        List<Call> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        waiting.forEach(call -> fail(call, closedError(call.callable)));
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
        if (script != null && ownScript) {
            try {
                Files.deleteIfExists(script);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Cannot delete the worker script {0}: {1}", script, e.getMessage());
            }
        }
    }

    private void checkOpen(String callable) {
        if (closed) {
            throw closedError(callable);
        }
    }

    private WorkerException closedError(String callable) {
        return new WorkerException(WorkerException.Reason.CLOSED, callable,
                "The workers of environment '" + options.environment() + "' are closed" + (callable == null ? "" : "; " + callable + " was not run"));
    }

    private void complete(Call call, JsonNode result) {
        completed.incrementAndGet();
        call.future.complete(result);
    }

    private void fail(Call call, PythonException error) {
        count(error);
        call.future.completeExceptionally(error);
    }

    private void count(PythonException error) {
        completed.incrementAndGet();
        failed.incrementAndGet();
    }

    /** A queued call: its request frame is written by the caller, so the dispatcher only moves bytes. */
    private record Call(String callable, byte[] frame, CompletableFuture<JsonNode> future) {
    }

    /** One worker's dispatcher thread: keeps a worker running and feeds it calls one at a time. */
    private final class Slot implements Runnable {

        final int index;
        final Thread thread;
        volatile Worker worker;
        /** A worker being started (preloads running), for {@link #close()} to stop too. */
        volatile Worker starting;
        volatile boolean closing;
        /** The id of the call in flight, watched by its time-out; 0 when idle. */
        final AtomicLong inFlight = new AtomicLong();
        final AtomicBoolean timedOut = new AtomicBoolean();
        private long sequence;

        Slot(int index, Worker worker) {
            this.index = index;
            this.worker = worker;
            this.thread = daemon(this, "beep-python-" + options.environment() + "-worker-" + index);
        }

        @Override
        public void run() {
            WorkerException pending = null;
            boolean waitForCall = false;
            try {
                while (!closed) {
                    if (!waitForCall && (worker == null || !worker.isAlive())) {
                        try {
                            replace();
                        } catch (WorkerException e) {
                            // Not retried while idle: the next call tries a new worker (a broken preload must not spin).
                            LOG.log(Level.WARNING, e.getMessage());
                            pending = e;
                            waitForCall = true;
                        }
                    }
                    Call call;
                    try {
                        call = queue.poll(250, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        continue;
                    }
                    if (call == null || call.future.isDone()) {
                        continue;
                    }
                    if (worker == null || !worker.isAlive()) {
                        if (pending != null) {
                            fail(call, pending);
                            pending = null;
                            continue;
                        }
                        try {
                            replace();
                            waitForCall = false;
                        } catch (WorkerException e) {
                            fail(call, e);
                            continue;
                        }
                    }
                    run(call);
                }
            } finally {
                Thread.interrupted(); // close() woke this thread; the worker still gets its graceful stop
                Worker last = worker;
                if (last != null) {
                    last.stop(EXIT_GRACE_MILLIS);
                }
            }
        }

        private void replace() {
            Worker old = worker;
            worker = null;
            if (old != null) {
                old.kill();
            }
            Worker fresh = Worker.launch(options, script, index, json);
            starting = fresh;
            try {
                fresh.awaitReady(options);
            } catch (RuntimeException e) {
                fresh.kill();
                throw e;
            } finally {
                starting = null;
            }
            worker = fresh;
        }

        private void run(Call call) {
            Worker current = worker;
            long id = ++sequence;
            timedOut.set(false);
            inFlight.set(id);
            ScheduledFuture<?> watchdog = timer.schedule(() -> {
                if (inFlight.get() == id && timedOut.compareAndSet(false, true)) {
                    current.kill();
                }
            }, options.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
            JsonNode response;
            try {
                current.send(call.frame);
                response = current.receive();
            } catch (IOException e) {
                inFlight.set(0);
                watchdog.cancel(false);
                boolean killedByUs = timedOut.get() || closing;
                if (killedByUs) {
                    // The caller is told "killed" or "closed": the process is gone (not merely signalled) before the call fails.
                    current.kill();
                    current.awaitExit();
                }
                fail(call, lost(call, current, e)); // a death of its own is described first, then the process is made sure of
                if (!killedByUs) {
                    current.kill();
                }
                worker = null;
                return;
            }
            inFlight.set(0);
            watchdog.cancel(false);
            if (response.path("ok").asBoolean(false)) {
                complete(call, response.path("result"));
            } else {
                String type = response.path("type").asText(null);
                String message = response.path("message").asText("");
                fail(call, new PythonCallException(call.callable, call.callable + " raised " + type + ": " + message, type, message,
                        response.path("traceback").asText(null), null));
            }
            if (timedOut.get()) {
                worker = null; // killed just as it answered
            } else if (options.maxCalls().isPresent() && current.countCall() >= options.maxCalls().getAsInt() && !closed) {
                recycle(current);
            }
        }

        /** Starts the new worker first, then lets the old one exit. */
        private void recycle(Worker old) {
            try {
                Worker fresh = Worker.launch(options, script, index, json);
                starting = fresh;
                try {
                    fresh.awaitReady(options);
                } finally {
                    starting = null;
                }
                worker = fresh;
            } catch (WorkerException e) {
                LOG.log(Level.WARNING, "Cannot replace {0} after {1} calls: {2}", old.tag(), options.maxCalls().getAsInt(), e.getMessage());
                worker = null;
            }
            old.retire(timer, EXIT_GRACE_MILLIS);
        }

        private PythonCallException lost(Call call, Worker current, IOException cause) {
            String what;
            if (timedOut.get()) {
                what = "The call to " + call.callable + " passed workers.call-timeout (" + options.callTimeout().toMillis() + " ms): "
                        + current.tag() + " (pid " + current.pid() + ") was killed and is replaced";
            } else if (closing) {
                what = "The workers of environment '" + options.environment() + "' closed during the call to " + call.callable;
            } else {
                what = current.tag() + " (pid " + current.pid() + ") died during the call to " + call.callable + ": " + current.death()
                        + "; it is replaced" + current.stderrTail();
            }
            return new PythonCallException(call.callable, what, null, null, null, cause);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
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

    /**
     * The worker script on disk: {@code beep-python-worker-<hash>.py} in the temporary directory,
     * shared by the pools of this user (named by a hash of its text, so a changed script is written
     * anew, and a JVM killed with {@code kill -9} leaves no new file behind). A file of that name that
     * another user owns or whose text differs is not used: the pool then writes a private file of its
     * own, deleted by {@link #close()}.
     */
    private Path writeScript() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path shared = dir.resolve("beep-python-worker-" + Integer.toHexString(SCRIPT.hashCode()) + ".py");
        try {
            if (Files.isRegularFile(shared, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (ownedByUs(shared) && Files.readString(shared).equals(SCRIPT)) {
                    return shared;
                }
            } else if (!Files.exists(shared, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Path temp = Files.createTempFile(dir, "beep-python-worker-", ".tmp");
                Files.writeString(temp, SCRIPT);
                try {
                    Files.move(temp, shared, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return shared;
                } catch (IOException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            Path own = Files.createTempFile(dir, "beep-python-worker-", ".py");
            Files.writeString(own, SCRIPT);
            ownScript = true;
            return own;
        } catch (IOException e) {
            throw new WorkerException(WorkerException.Reason.WORKER_START_FAILED, null, "Cannot write the worker script to " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean ownedByUs(Path file) {
        try {
            return Files.getOwner(file, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String loadScript() {
        try (InputStream in = WorkerPool.class.getResourceAsStream("worker.py")) {
            if (in == null) {
                throw new IllegalStateException("worker.py is missing from the io.beep.python.workers resources");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
