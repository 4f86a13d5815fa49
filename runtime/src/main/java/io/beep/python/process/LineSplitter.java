package io.beep.python.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a child's output into lines as it arrives (at {@code \n} or {@code \r}: progress bars rewrite
 * their line with a carriage return), decoded as UTF-8 once whole so a character split across two
 * reads stays one. A listener that throws is not the process's problem: its lines are dropped.
 */
final class LineSplitter {

    /** A line longer than this is handed on cut, so a child printing no newline cannot grow the buffer. */
    private static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean broken;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    void accept(byte[] chunk, int length) {
        for (int i = 0; i < length; i++) {
            byte b = chunk[i];
            if (b == '\n' || b == '\r') {
                flush();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    flush();
                }
            }
        }
    }

    void flush() {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (broken) {
            return;
        }
        try {
            lines.accept(text);
        } catch (RuntimeException e) {
            broken = true;
        }
    }
}
