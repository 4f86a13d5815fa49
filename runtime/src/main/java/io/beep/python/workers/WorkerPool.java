package io.beep.python.workers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import io.beep.python.PythonCallException;
import io.beep.python.PythonException;
import io.beep.python.PythonWorkers;
import io.beep.python.WorkerStats;
import io.beep.python.fs.BundledScript;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of long-lived CPython workers (see {@link PythonWorkers}). {@link #callAsync} only queues
 * (workers start on their own threads, also on the first call); the blocking forms wait on that.
 * How calls are queued, time out and recycle, the channel to a worker and how results convert to
 * JSON: "The worker protocol" in {@code docs/calling-python.md}.
 */
public final class WorkerPool implements PythonWorkers, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    private static final BundledScript SCRIPT = BundledScript.load(WorkerPool.class, "worker.py", "beep-python-worker-");

    private final WorkerCommand command;
    private final ObjectMapper json;
    private final MessageLimit limit;
    private final Dispatcher dispatcher;
    private final AtomicLong ids = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    private Path script;
    /** Whether {@link #script} is this pool's own file, to delete on close. */
    private boolean ownScript;

    /**
     * Starts nothing: workers start on {@link #start()} or on the first call.
     *
     * @param environment          the environment's name, for thread names and log tags
     * @param python               the interpreter the workers run (the venv's python)
     * @param environmentVariables variables added to the workers' environment (VIRTUAL_ENV, PATH)
     */
    public WorkerPool(String environment, Path python, Map<String, String> environmentVariables, WorkerOptions options) {
        this(environment, python, environmentVariables, options, WorkerOutput.DEFAULT_LOGGED_BYTES);
    }

    /** As the public constructor, with a smaller cap on what each worker logs (for tests). */
    WorkerPool(String environment, Path python, Map<String, String> environmentVariables, WorkerOptions options, long loggedOutputLimit) {
        options.check();
        this.command = new WorkerCommand(environment, python, environmentVariables, options, loggedOutputLimit);
        this.limit = new MessageLimit(options.maxMessageSize());
        // Jackson refuses strings over 20 million characters by default; the frame's own limit is the one that counts.
        // NaN and +-Infinity travel both ways as the bare tokens Python's json reads and writes (NaN, Infinity, -Infinity).
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(options.maxMessageSize()).build())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build());
        this.dispatcher = new Dispatcher(command, json);
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
                for (int i = 1; i <= command.options().size(); i++) {
                    workers.add(Worker.launch(command, script, i, json));
                }
                for (Worker worker : workers) {
                    worker.awaitReady(command);
                }
            } catch (RuntimeException e) {
                workers.forEach(Worker::kill);
                throw e;
            }
            dispatcher.launch(workers, script);
            started = true;
        }
    }

    @Override
    public JsonNode call(String callable, Object... args) {
        return await(callable, submit(callable, args, null, true));
    }

    private static JsonNode await(String callable, CompletableFuture<JsonNode> future) {
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

    /**
     * An {@link ArrayType}'s Java array ({@code double[].class} ...) binds a numpy array, {@code bytes}, {@code bytearray} or
     * {@code memoryview} from its raw bytes (any shape, flattened in C order); any other result, and any other type, is bound
     * with Jackson (a JSON list of numbers still binds to {@code double[]}).
     */
    @Override
    public <T> T call(String callable, Class<T> resultType, Object... args) {
        ArrayType array = ArrayType.ofResultType(resultType).orElse(null);
        JsonNode result = await(callable, submit(callable, args, array, true));
        if (array != null && result instanceof POJONode node && node.getPojo() instanceof Frame.RawArray raw) {
            if (!array.accepts(raw.dtype())) {
                throw new PythonCallException(callable, array.mismatch(callable, raw.describe()), null, null, null, null);
            }
            return resultType.cast(array.fromBytes(raw.bytes()));
        }
        try {
            return json.treeToValue(result, resultType);
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.RESULT_NOT_BOUND, callable,
                    "The result of " + callable + " cannot be bound to " + resultType.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The answer's raw bytes copied into {@code into}; a result that came as JSON (not a buffer) is refused as in-process. */
    @Override
    public int callInto(String callable, double[] into, Object... args) {
        if (into == null) {
            throw new IllegalArgumentException("callInto(" + callable + ", ...) needs the double[] to fill, not null");
        }
        ArrayType type = ArrayType.FLOAT64;
        JsonNode result = await(callable, submit(callable, args, type, true));
        if (result instanceof POJONode node && node.getPojo() instanceof Frame.RawArray raw) {
            if (!type.accepts(raw.dtype())) {
                throw new PythonCallException(callable, type.mismatch(callable, raw.describe()), null, null, null, null);
            }
            return type.copyInto(callable, raw.bytes(), into);
        }
        throw new PythonCallException(callable, type.mismatch(callable, ArrayType.describeJson(result)), null, null, null, null);
    }

    @Override
    public CompletionStage<JsonNode> callAsync(String callable, Object... args) {
        return submit(callable, args, null, false);
    }

    /** {@code borrow}: the caller waits for the answer, so its arrays are written from where they are instead of copied first. */
    private CompletableFuture<JsonNode> submit(String callable, Object[] args, ArrayType want, boolean borrow) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        try {
            if (callable == null || callable.isBlank()) {
                throw new IllegalArgumentException("The callable must be 'package.module:function'");
            }
            checkOpen(callable);
            Frame frame = frame(callable, args, want, borrow);
            if (!started) {
                startLazily();
            }
            Dispatcher.Call call = new Dispatcher.Call(callable, frame, future);
            if (!dispatcher.offer(call)) {
                throw new WorkerException(WorkerException.Reason.QUEUE_FULL, callable, "The worker queue of environment '"
                        + command.environment() + "' is full (" + command.options().queueSize() + " calls wait, the queue's limit); "
                        + callable + " was rejected");
            }
            if (closed && dispatcher.withdraw(call)) {
                throw dispatcher.closedError(callable);
            }
        } catch (PythonException e) {
            dispatcher.countFailure();
            future.completeExceptionally(e);
        }
        return future;
    }

    private Frame frame(String callable, Object[] args, ArrayType want, boolean borrow) {
        Frame frame;
        try {
            frame = Frame.request(json, ids.incrementAndGet(), callable, args, want, borrow);
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.ARGUMENTS_NOT_JSON, callable,
                    "The arguments of " + callable + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        if (limit.exceededBy(frame.length())) {
            throw limit.arguments(callable, frame.length());
        }
        return frame;
    }

    private void startLazily() {
        synchronized (lifecycle) {
            checkOpen(null);
            if (!started) {
                prepare();
                List<Worker> none = new ArrayList<>();
                for (int i = 0; i < command.options().size(); i++) {
                    none.add(null);
                }
                dispatcher.launch(none, script);
                started = true;
            }
        }
    }

    private void prepare() {
        if (script == null) {
            script = writeScript();
        }
    }

    @Override
    public WorkerStats stats() {
        return dispatcher.stats();
    }

    /**
     * Why this pool cannot run a call now: no worker is alive and the last try to start one failed (the
     * interpreter is gone, a preload fails). Empty while a worker runs, and before the first worker was
     * tried (a lazy pool waits for its first call). Readiness reports the environment DOWN with it.
     */
    public Optional<WorkerException> unavailable() {
        return closed ? Optional.empty() : dispatcher.unavailable();
    }

    /** The process ids of the workers running now (for tests and diagnostics). */
    List<Long> pids() {
        return dispatcher.pids();
    }

    /**
     * Rejects new calls and fails the waiting ones ({@link WorkerException.Reason#CLOSED}), lets
     * running calls finish for a short while, then stops every worker (channel closed, then killed if
     * it does not exit). No worker process is left behind.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        dispatcher.close();
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
            throw dispatcher.closedError(callable);
        }
    }

    /**
     * The worker script on disk: {@code beep-python-worker-<hash>.py} in the temporary directory,
     * shared by the pools of this user (a JVM killed with {@code kill -9} leaves no new file behind).
     * When that name is another user's file or another text, the pool writes a private file of its
     * own, deleted by {@link #close()}.
     */
    private Path writeScript() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Optional<Path> shared = SCRIPT.shareIn(dir);
            if (shared.isPresent()) {
                return shared.get();
            }
            Path own = SCRIPT.writePrivate(dir);
            ownScript = true;
            return own;
        } catch (IOException e) {
            throw new WorkerException(WorkerException.Reason.WORKER_START_FAILED, null, "Cannot write the worker script to " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
