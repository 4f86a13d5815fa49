package io.beep.python.inprocess;

import io.beep.python.PythonWorkers;
import io.beep.python.WorkerStats;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.workers.ArrayType;
import io.beep.python.workers.CallTraceparent;
import io.beep.python.workers.WorkerException;
import io.beep.python.workers.WorkerOptions;

import org.bytedeco.cpython.PyObject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.bytedeco.cpython.global.python.*;

/**
 * An environment's {@code workers()} served by CPython loaded into this JVM (issue 31): the same
 * {@link PythonWorkers} API as the worker processes' {@code WorkerPool}. A call takes the GIL on the
 * caller's own thread for the call only; {@link #callAsync} runs on a bounded executor of
 * {@code options.size()} threads. One CPython, and so one in-process environment, per JVM.
 */
public final class InProcessWorkers implements PythonWorkers, AutoCloseable {

    private final String environment;
    private final Interpreter python;
    private final WorkerOptions options;
    private final Watchdog watchdog;
    private final ThreadPoolExecutor executor;
    /** Resolved callables (new references); written under the GIL, a concurrent map so that no reader relies on the GIL for visibility. */
    private final Map<String, PyObject> callables = new java.util.concurrent.ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean closed;

    private InProcessWorkers(String environment, Interpreter python, WorkerOptions options) {
        this.environment = environment;
        this.python = python;
        this.options = options;
        this.watchdog = new Watchdog(python, options.callTimeout());
        BlockingQueue<Runnable> queue = options.queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(options.queueSize());
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(options.size(), options.size(), 60, TimeUnit.SECONDS, queue, task -> {
            Thread thread = new Thread(task, "beep-python-" + environment + "-in-process-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads CPython into the JVM (once per JVM) from {@code base}'s own files, puts {@code sitePackages}
     * (through {@code site.addsitedir}) and then {@code options.pythonPath()} on {@code sys.path}, and
     * returns the environment's workers.
     *
     * @throws InProcessException naming {@code base}'s path when it cannot serve in-process: not the bytedeco build of
     *                            the bindings' version, another interpreter already loaded, or loading failed
     */
    public static InProcessWorkers open(String environment, PythonRuntimeInfo base, Path sitePackages, WorkerOptions options) {
        String interpreter = base.executable().toString();
        Optional<String> refusal = refusal(base);
        if (refusal.isPresent()) {
            throw new InProcessException(interpreter, refusal.get(), null);
        }
        Path prefix = Interpreter.prefixOf(base);
        Optional<Interpreter> loaded = Interpreter.current();
        if (loaded.isPresent() && !loaded.get().prefix.equals(prefix)) {
            throw new InProcessException(interpreter, "CPython from " + loaded.get().prefix + " is already loaded into this JVM, so environment '"
                    + environment + "' cannot run in-process on " + interpreter + ": one in-process interpreter (and environment) per JVM;"
                    + " run this environment in process mode", null);
        }
        Interpreter python;
        try {
            python = Interpreter.load(prefix);
        } catch (RuntimeException | LinkageError e) {
            throw new InProcessException(interpreter, "CPython could not be loaded into the JVM from " + prefix + ": " + e.getMessage()
                    + "; process mode does not need it", e);
        }
        Gil.enter();
        try {
            String serving = python.environment();
            if (serving != null && !serving.equals(environment)) {
                // Also after the other environment closed: its modules stay imported for the JVM's life.
                throw new InProcessException(interpreter, "Environment '" + serving + "' already runs in-process in this JVM, so environment '"
                        + environment + "' cannot run in-process on " + interpreter + ": one in-process environment per JVM (their sys.path"
                        + " and modules would mix; CPython cannot unload them, so this holds after '" + serving + "' closed too);"
                        + " run '" + environment + "' in process mode", null);
            }
            setup(python, interpreter, environment, sitePackages, options.pythonPath());
        } finally {
            Gil.exit();
        }
        python.output.tag = environment + " in-process";
        return new InProcessWorkers(environment, python, options);
    }

    private static void setup(Interpreter python, String interpreter, String environment, Path sitePackages, List<Path> pythonPath) {
        PyObject name = Calls.toPython(python, "setup", environment);
        PyObject site = Calls.toPython(python, "setup", sitePackages.toAbsolutePath().toString());
        PyObject path = Calls.toPython(python, "setup", pythonPath.stream().map(p -> p.toAbsolutePath().toString()).toList());
        PyObject fd = Calls.toPython(python, "setup", python.outputFd);
        try {
            PyObject result = Calls.call(python.setup, name, site, path, fd);
            if (result == null || result.isNull()) {
                throw new InProcessException(interpreter, "sys.path of environment '" + environment + "' could not be set up in-process: "
                        + Calls.pendingFailure(python, "setup", "").getMessage(), null);
            }
            Py_DecRef(result);
        } finally {
            Py_DecRef(name);
            Py_DecRef(site);
            Py_DecRef(path);
            Py_DecRef(fd);
        }
    }

    /** Why {@code base} cannot serve in-process, or empty when it can; loads nothing (for startup checks). */
    public static Optional<String> refusal(PythonRuntimeInfo base) {
        return Interpreter.refusal(base);
    }

    /** Imports the preloaded modules now; a failing import throws a {@code PythonCallException} naming the module. */
    public void start() {
        Gil.enter();
        try {
            for (String module : options.preload()) {
                PyObject imported = PyImport_ImportModule(module);
                if (imported == null || imported.isNull()) {
                    throw Calls.pendingFailure(python, module, "Preloading module " + module + " of environment '" + environment + "' failed: ");
                }
                Py_DecRef(imported);
            }
            PyObject none = Calls.toPython(python, "preload", List.of());
            PyObject tracked = Calls.call(python.preload, none);
            Py_DecRef(none);
            if (tracked == null || tracked.isNull()) {
                PyErr_Clear();
            } else {
                Py_DecRef(tracked);
            }
        } finally {
            Gil.exit();
        }
    }

    /** Re-imports the application's modules whose files under {@code options.pythonPath()} changed; returns their names. */
    public List<String> reloadChanged() {
        Gil.enter();
        try {
            PyObject changed = Calls.call(python.reloadChanged);
            if (changed == null || changed.isNull()) {
                throw Calls.pendingFailure(python, "reload", "Re-importing the changed modules of environment '" + environment + "' failed: ");
            }
            JsonNode names = Calls.toJson(python, "reload", changed);
            Py_DecRef(changed);
            if (names.isEmpty()) {
                return List.of();
            }
            callables.values().forEach(org.bytedeco.cpython.global.python::Py_DecRef);
            callables.clear();
            return java.util.stream.StreamSupport.stream(names.spliterator(), false).map(JsonNode::asText).toList();
        } finally {
            Gil.exit();
        }
    }

    @Override
    public JsonNode call(String callable, Object... args) {
        return (JsonNode) invoke(callable, args, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(String callable, Class<T> resultType, Object... args) {
        Optional<ArrayType> array = ArrayType.ofResultType(resultType);
        if (array.isPresent()) {
            return (T) invoke(callable, args, array.get());
        }
        JsonNode result = (JsonNode) invoke(callable, args, null);
        if (resultType == JsonNode.class) {
            return (T) result;
        }
        try {
            return Calls.JSON.treeToValue(result, resultType);
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.RESULT_NOT_BOUND, callable,
                    "The result of " + callable + " cannot be bound to " + resultType.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public int callInto(String callable, double[] into, Object... args) {
        if (into == null) {
            throw new IllegalArgumentException("callInto(" + callable + ", ...) needs the double[] to fill, not null");
        }
        return (Integer) invoke(callable, args, ArrayType.FLOAT64, into);
    }

    private Object invoke(String callable, Object[] args, ArrayType arrayType) {
        return invoke(callable, args, arrayType, null);
    }

    /** {@code into}: the caller's array to fill (then the count is returned), or null for a new one. */
    private Object invoke(String callable, Object[] args, ArrayType arrayType, Object into) {
        if (callable == null || callable.isBlank()) {
            throw new IllegalArgumentException("The callable must be 'package.module:function'");
        }
        boolean ok = false;
        try {
            if (closed) {
                throw closedError(callable);
            }
            Gil.enter();
            try {
                Object result = invokeHoldingGil(callable, args == null ? new Object[0] : args, arrayType, into);
                ok = true;
                return result;
            } finally {
                Gil.exit();
            }
        } finally {
            calls.increment();
            if (!ok) {
                failures.increment();
            }
        }
    }

    private Object invokeHoldingGil(String callable, Object[] args, ArrayType arrayType, Object into) {
        PyObject function = resolve(callable);
        PyObject tuple = PyTuple_New(args.length);
        try {
            for (int i = 0; i < args.length; i++) {
                PyObject arg = Calls.toPython(python, callable, args[i]);
                if (arg == null || arg.isNull()) {
                    throw Calls.pendingFailure(python, callable, "Argument " + i + " of " + callable + " cannot be made a Python object: ");
                }
                PyTuple_SetItem(tuple, i, arg);
            }
            PyObject trace = enterTrace(callable);
            Watchdog.Slot slot = watchdog.begin();
            PyObject result = PyObject_Call(function, tuple, null);
            boolean interrupted = watchdog.end(slot);
            leaveTrace(trace);
            if (result == null || result.isNull()) {
                if (interrupted && PyErr_ExceptionMatches(python.timedOut) != 0) {
                    PyErr_Clear();
                    throw watchdog.timedOut(callable, environment);
                }
                throw Calls.pendingFailure(python, callable, callable + " raised ");
            }
            try {
                return arrayType == null ? Calls.toJson(python, callable, result) : Calls.toArray(python, callable, arrayType, result, into);
            } finally {
                Py_DecRef(result);
            }
        } finally {
            Py_DecRef(tuple);
        }
    }

    /**
     * Sets beep_python.traceparent to the call's trace context ({@link CallTraceparent}), as worker.py does: the token to
     * reset it with, or null for an untraced call (nothing to set, nothing to reset).
     */
    private PyObject enterTrace(String callable) {
        String traceparent = CallTraceparent.current();
        if (traceparent == null) {
            return null;
        }
        PyObject value = Calls.toPython(python, callable, traceparent);
        PyObject token = Calls.call(python.enterTrace, value);
        Py_DecRef(value);
        if (token == null || token.isNull()) {
            throw Calls.pendingFailure(python, callable, "The trace context of " + callable + " cannot be set: ");
        }
        return token;
    }

    /** Resets beep_python.traceparent; the call's own exception, when it raised, stays pending for the caller to read. */
    private void leaveTrace(PyObject token) {
        if (token == null) {
            return;
        }
        PyObject raised = PyErr_GetRaisedException(); // no Python code may run with an exception set
        PyObject none = Calls.call(python.leaveTrace, token);
        Py_DecRef(token);
        if (none == null || none.isNull()) {
            PyErr_Clear(); // a token of this thread's own set: reset cannot fail short of a broken interpreter
        } else {
            Py_DecRef(none);
        }
        if (raised != null && !raised.isNull()) {
            PyErr_SetRaisedException(raised);
        }
    }

    /** The callable's function object, resolved once (engine.py's rules, worker.py's) and kept. */
    private PyObject resolve(String callable) {
        PyObject function = callables.get(callable);
        if (function == null) {
            PyObject name = Calls.toPython(python, callable, callable);
            function = Calls.call(python.resolve, name);
            Py_DecRef(name);
            if (function == null || function.isNull()) {
                throw Calls.pendingFailure(python, callable, callable + " raised ");
            }
            callables.put(callable, function);
        }
        return function;
    }

    @Override
    public CompletionStage<JsonNode> callAsync(String callable, Object... args) {
        try {
            if (closed) {
                throw closedError(callable);
            }
            // Completed with the call's own exception (not a CompletionException around it), as WorkerPool's futures are.
            CompletableFuture<JsonNode> future = new CompletableFuture<>();
            String traceparent = CallTraceparent.current(); // the caller's, read on the caller's thread
            executor.execute(() -> {
                try {
                    future.complete(CallTraceparent.with(traceparent, () -> call(callable, args)));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            });
            return future;
        } catch (RejectedExecutionException e) {
            failures.increment();
            return CompletableFuture.failedFuture(closed ? closedError(callable) : new WorkerException(WorkerException.Reason.QUEUE_FULL, callable,
                    "The worker queue of environment '" + environment + "' is full (" + options.queueSize()
                            + " calls wait, the queue's limit); " + callable + " was rejected"));
        } catch (WorkerException e) {
            failures.increment();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** alive is the executor's size while open (the interpreter itself never dies short of the JVM); queued, the calls waiting for it. */
    @Override
    public WorkerStats stats() {
        return new WorkerStats(closed ? 0 : options.size(), options.size(), calls.sum(), failures.sum(), executor.getQueue().size());
    }

    /** Why no call can be served now, or empty. */
    public Optional<WorkerException> unavailable() {
        return closed ? Optional.of(closedError(null)) : Optional.empty();
    }

    private WorkerException closedError(String callable) {
        return new WorkerException(WorkerException.Reason.CLOSED, callable,
                "The workers of environment '" + environment + "' are closed" + (callable == null ? "" : "; " + callable + " was not run"));
    }

    /** Refuses further calls; the interpreter stays loaded (CPython cannot be re-initialised in one process). */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        watchdog.close();
    }

    /** For tests and messages: the environment served. */
    String environment() {
        return environment;
    }
}
