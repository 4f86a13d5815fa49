package io.beep.python.inprocess;

import io.beep.python.workers.LineReader;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;

/**
 * What Python prints in-process: sys.stdout and sys.stderr are replaced (engine.py) by writers into a pipe,
 * whose read end this thread reads through {@code /proc/self/fd}, logging one line per line of output (split by
 * the workers' {@link LineReader}, so lines read as a worker's do), tagged as a worker's output is
 * ({@code [<environment> in-process] line}). The JVM's own stdout and stderr stay untouched.
 */
final class Output implements Runnable {

    private static final System.Logger LOG = System.getLogger(InProcessWorkers.class.getName());

    private final InputStream stream;
    volatile String tag = "in-process";

    private Output(InputStream stream) {
        this.stream = stream;
    }

    /** Reads the pipe's read end {@code fd} (of this process) on a daemon thread. */
    static Output start(int fd) throws IOException {
        Output output = new Output(new FileInputStream("/proc/self/fd/" + fd));
        Thread thread = new Thread(output, "beep-python-in-process-output");
        thread.setDaemon(true);
        thread.start();
        return output;
    }

    @Override
    public void run() {
        LineReader.readLines(stream, (text, bytes) -> LOG.log(Level.INFO, "[{0}] {1}", tag, text));
    }
}
