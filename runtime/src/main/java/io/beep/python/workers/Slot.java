package io.beep.python.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.beep.python.PythonCallException;
import io.beep.python.workers.Dispatcher.Call;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One worker's dispatcher thread: keeps a worker running and feeds it calls one at a time. */
final class Slot implements Runnable {

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    /** How long a stopped or recycled worker may take to exit before it is killed. */
    private static final long EXIT_GRACE_MILLIS = 1_000;

    private final Dispatcher dispatcher;
    private final WorkerCommand command;
    final int index;
    final Thread thread;
    volatile Worker worker;
    /** A worker being started (preloads running), for {@link Dispatcher#close()} to stop too. */
    volatile Worker starting;
    volatile boolean closing;
    /** Why the last try to start this slot's worker failed; {@code null} once one started. */
    volatile WorkerException startFailure;
    /** The id of the call in flight, watched by its time-out; 0 when idle. */
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private long sequence;

    Slot(Dispatcher dispatcher, int index, Worker worker) {
        this.dispatcher = dispatcher;
        this.command = dispatcher.command();
        this.index = index;
        this.worker = worker;
        this.thread = Dispatcher.daemon(this, "beep-python-" + command.environment() + "-worker-" + index);
    }

    @Override
    public void run() {
        WorkerException pending = null;
        boolean waitForCall = false;
        try {
            while (!dispatcher.closed()) {
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
                    call = dispatcher.next();
                } catch (InterruptedException e) {
                    continue;
                }
                if (call == null || call.future().isDone()) {
                    continue;
                }
                if (worker == null || !worker.isAlive()) {
                    if (pending != null) {
                        dispatcher.fail(call, pending);
                        pending = null;
                        continue;
                    }
                    try {
                        replace();
                        waitForCall = false;
                    } catch (WorkerException e) {
                        dispatcher.fail(call, e);
                        continue;
                    }
                }
                run(call);
            }
        } catch (Throwable e) {
            // Not expected (run(call) and replace() turn every error into a failed call), but a dead slot would leave
            // its calls waiting for ever: say so, and let the next call find no worker rather than hang.
            LOG.log(Level.ERROR, "The dispatcher thread of " + command.environment() + " worker " + index + " failed", e);
            startFailure = new WorkerException(WorkerException.Reason.WORKER_START_FAILED, null,
                    "The dispatcher of " + command.environment() + " worker " + index + " failed: " + e);
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
        try {
            Worker fresh = Worker.launch(command, dispatcher.script(), index, dispatcher.json());
            starting = fresh;
            try {
                fresh.awaitReady(command);
            } catch (RuntimeException | Error e) {
                fresh.kill();
                throw e;
            } finally {
                starting = null;
            }
            worker = fresh;
            startFailure = null;
        } catch (WorkerException e) {
            startFailure = e;
            throw e;
        } catch (RuntimeException | Error e) {
            startFailure = new WorkerException(WorkerException.Reason.WORKER_START_FAILED, command.python().toString(),
                    command.environment() + " worker " + index + " did not start: " + e, e);
            throw startFailure;
        }
    }

    private void run(Call call) {
        Worker current = worker;
        long id = ++sequence;
        timedOut.set(false);
        inFlight.set(id);
        ScheduledFuture<?> watchdog = dispatcher.timer().schedule(() -> {
            if (inFlight.get() == id && timedOut.compareAndSet(false, true)) {
                current.kill();
            }
        }, command.options().callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        Worker.Reply reply;
        try {
            current.send(call.frame());
            reply = current.receive();
        } catch (Worker.OversizedFrame e) {
            // Its body was not read: the channel is out of step, and the worker may hold the huge value.
            inFlight.set(0);
            watchdog.cancel(false);
            current.kill();
            dispatcher.fail(call, current.limit().answer(call.callable(), e.length, "answer", current));
            worker = null;
            return;
        } catch (JsonProcessingException e) {
            // The whole frame was read, but Jackson refused it (a number of thousands of digits): not a death of the worker.
            failInJvm(call, current, watchdog, e);
            return;
        } catch (IOException e) {
            inFlight.set(0);
            watchdog.cancel(false);
            boolean killedByUs = timedOut.get() || closing;
            if (killedByUs) {
                // The caller is told "killed" or "closed": the process is gone (not merely signalled) before the call fails.
                current.kill();
                current.awaitExit();
            }
            dispatcher.fail(call, lost(call, current, e)); // a death of its own is described first, then the process is made sure of
            if (!killedByUs) {
                current.kill();
            }
            worker = null;
            return;
        } catch (Throwable e) {
            // A bug or an Error (OutOfMemoryError) here must not end this thread: the call fails, the worker is replaced.
            failInJvm(call, current, watchdog, e);
            return;
        }
        inFlight.set(0);
        watchdog.cancel(false);
        JsonNode response = reply.header();
        if (response.has("too_large")) {
            // worker.py refused to send an answer over the limit; the worker still holds it, so it goes.
            current.kill();
            worker = null;
            dispatcher.fail(call, current.limit().answer(call.callable(), response.path("too_large").asLong(),
                    response.path("what").asText("answer"), current));
            return;
        }
        if (response.path("ok").asBoolean(false)) {
            dispatcher.complete(call, result(response, reply));
        } else {
            String type = response.path("type").asText(null);
            String message = response.path("message").asText("");
            dispatcher.fail(call, new PythonCallException(call.callable(), call.callable() + " raised " + type + ": " + message, type, message,
                    response.path("traceback").asText(null), null));
        }
        if (timedOut.get()) {
            worker = null; // killed just as it answered
        } else if (command.options().maxCalls().isPresent() && current.countCall() >= command.options().maxCalls().getAsInt()
                && !dispatcher.closed()) {
            recycle(current);
        }
    }

    /** The answer's JSON result, or its raw array (segment {@code "array"}) for {@link WorkerPool} to bind. */
    private static JsonNode result(JsonNode response, Worker.Reply reply) {
        JsonNode index = response.get("array");
        if (index == null) {
            return response.path("result");
        }
        JsonNode descriptor = response.path("arrays").path(index.asInt());
        return new POJONode(new Frame.RawArray(descriptor.path("type").asText("buffer"), descriptor.path("dtype").asText("?"),
                descriptor.path("shape"), reply.segments().get(index.asInt())));
    }

    private void failInJvm(Call call, Worker current, ScheduledFuture<?> watchdog, Throwable e) {
        inFlight.set(0);
        watchdog.cancel(false);
        current.kill();
        worker = null;
        dispatcher.fail(call, new PythonCallException(call.callable(), "The call to " + call.callable() + " failed in the JVM: " + e
                + "; " + current.tag() + " (pid " + current.pid() + ") is replaced", null, null, null, e));
    }

    /** Starts the new worker first, then lets the old one exit. */
    private void recycle(Worker old) {
        try {
            Worker fresh = Worker.launch(command, dispatcher.script(), index, dispatcher.json());
            starting = fresh;
            try {
                fresh.awaitReady(command);
            } finally {
                starting = null;
            }
            worker = fresh;
            startFailure = null;
        } catch (WorkerException e) {
            LOG.log(Level.WARNING, "Cannot replace {0} after {1} calls: {2}", old.tag(), command.options().maxCalls().getAsInt(), e.getMessage());
            worker = null;
            startFailure = e;
        }
        old.retire(dispatcher.timer(), EXIT_GRACE_MILLIS);
    }

    private PythonCallException lost(Call call, Worker current, IOException cause) {
        if (timedOut.get()) {
            return new CallTimedOutException(call.callable(), "The call to " + call.callable() + " passed its time limit ("
                    + command.options().callTimeout().toMillis() + " ms): " + current.tag() + " (pid " + current.pid()
                    + ") was killed and is replaced", cause);
        }
        String what;
        if (closing) {
            what = "The workers of environment '" + command.environment() + "' closed during the call to " + call.callable();
        } else {
            what = current.tag() + " (pid " + current.pid() + ") died during the call to " + call.callable() + ": " + current.death()
                    + "; it is replaced" + current.stderrTail();
        }
        return new PythonCallException(call.callable(), what, null, null, null, cause);
    }
}
