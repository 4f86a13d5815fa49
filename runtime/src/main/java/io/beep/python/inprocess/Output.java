package io.beep.python.inprocess;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * What Python prints in-process: sys.stdout and sys.stderr are replaced (engine.py) by writers into a pipe,
 * whose read end this thread reads through {@code /proc/self/fd}, logging one line per line of output,
 * tagged as a worker's output is ({@code [<environment> in-process] line}). The JVM's own stdout and stderr
 * stay untouched.
 */
final class Output implements Runnable {

    private static final System.Logger LOG = System.getLogger(InProcessWorkers.class.getName());
    private static final int LONGEST_LINE = 64 * 1024;

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
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n' || line.size() == LONGEST_LINE) {
                        emit(line);
                    }
                    if (chunk[i] != '\n') {
                        line.write(chunk[i]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The pipe is gone; nothing more to log.
        }
    }

    private void emit(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        LOG.log(Level.INFO, "[{0}] {1}", tag, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
