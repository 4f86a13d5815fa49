package io.beep.python.workers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits what a Python prints into log lines, for both worker modes: a worker process's joined stdout and stderr
 * ({@code WorkerOutput}) and the in-process interpreter's output pipe ({@code inprocess.Output}), so that a line
 * reads the same in the log whichever mode printed it. A line ends at {@code \n} (a {@code \r} before it is dropped);
 * output without a line end is passed on in pieces of {@link #LONGEST_LINE} bytes, so one endless line cannot fill
 * the heap; what is left when the stream ends is passed on as a last line.
 */
public final class LineReader {

    /** The longest piece of output passed on as one line. */
    public static final int LONGEST_LINE = 64 * 1024;

    /** Receives each line: its text (UTF-8 decoded) and its length in bytes as read, without the line end. */
    @FunctionalInterface
    public interface Sink {
        void line(String text, int bytes);
    }

    private LineReader() {
    }

    /**
     * Reads {@code stream} to its end (or until it fails: the process or pipe is gone), passing each line to {@code sink}
     * on the caller's thread, and closes it.
     */
    public static void readLines(InputStream stream, Sink sink) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        emit(line, sink);
                    } else {
                        line.write(chunk[i]);
                        if (line.size() == LONGEST_LINE) {
                            emit(line, sink);
                        }
                    }
                }
            }
            if (line.size() > 0) {
                emit(line, sink);
            }
        } catch (IOException | RuntimeException e) {
            // The process is gone (or its pipe broke); nothing more to read.
        }
    }

    private static void emit(ByteArrayOutputStream bytes, Sink sink) {
        int size = bytes.size();
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        sink.line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, size);
    }
}
