package io.beep.python.workers;

import io.beep.python.process.ProcessRunner;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Logs what one worker prints (its stdout is joined to its stderr, see {@code worker.py}), one log
 * line per line of output, tagged with the worker, and keeps its last lines for a message about its
 * death. A worker logs at most {@link #DEFAULT_LOGGED_BYTES} over its life, as much as {@code exec}
 * keeps of a process's output: past that one line says the rest is dropped, and the output is still
 * read (a worker blocked on a full pipe would hang its call) but no longer logged.
 */
final class WorkerOutput implements Runnable {

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    /** The same cap as {@code exec}'s captured output. */
    static final long DEFAULT_LOGGED_BYTES = ProcessRunner.MAX_CAPTURE_BYTES;
    private static final int KEPT_LINES = 20;
    /** A kept line is cut to this for a death message. */
    private static final int KEPT_LINE_CHARS = 2_000;

    private final String tag;
    private final InputStream stream;
    private final long loggedLimit;
    private final Deque<String> last = new ArrayDeque<>();
    private final Thread thread;
    private long logged;
    private boolean dropping;

    private WorkerOutput(String tag, InputStream stream, long loggedLimit) {
        this.tag = tag;
        this.stream = stream;
        this.loggedLimit = loggedLimit;
        this.thread = Dispatcher.daemon(this, "beep-python-" + tag.replace(' ', '-') + "-stderr");
    }

    /** Starts reading {@code stream} on a thread of its own. */
    static WorkerOutput start(String tag, InputStream stream, long loggedLimit) {
        WorkerOutput output = new WorkerOutput(tag, stream, loggedLimit);
        output.thread.start();
        return output;
    }

    /** The last lines of output, after waiting up to {@code millis} for the rest of a dead worker's output. */
    List<String> lastLines(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }

    @Override
    public void run() {
        LineReader.readLines(stream, this::emit);
    }

    private void emit(String text, int size) {
        if (!dropping && logged + size + 1 > loggedLimit) {
            dropping = true;
            LOG.log(Level.WARNING, "[{0}] Further output of this worker is not logged: it printed more than {1}, the most one worker logs",
                    tag, MessageLimit.human(loggedLimit));
        }
        if (!dropping) {
            logged += size + 1;
            LOG.log(Level.INFO, "[{0}] {1}", tag, text);
        }
        synchronized (last) {
            if (last.size() == KEPT_LINES) {
                last.removeFirst();
            }
            last.addLast(text.length() > KEPT_LINE_CHARS ? text.substring(0, KEPT_LINE_CHARS) + "..." : text);
        }
    }
}
