package io.beep.python.testing;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one logger publishes while a test runs, for asserting on what the user reads in the log.
 * Close it (try-with-resources) to detach; {@link #quiet()} keeps them off the console as well.
 */
public final class LogRecords implements AutoCloseable {

    private final Logger logger;
    private final boolean parentHandlers;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogRecords(Logger logger) {
        this.logger = logger;
        this.parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
    }

    /** Captures the logger named after {@code owner} (System.Logger and JUL share the name). */
    public static LogRecords of(Class<?> owner) {
        return new LogRecords(Logger.getLogger(owner.getName()));
    }

    /** Not on the console too: for tests that log a flood on purpose. */
    public LogRecords quiet() {
        logger.setUseParentHandlers(false);
        return this;
    }

    /** The records so far, in order. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The messages so far, with their parameters filled in. */
    public List<String> messages() {
        return records().stream().map(r -> r.getParameters() == null ? r.getMessage() : MessageFormat.format(r.getMessage(), r.getParameters()))
                .toList();
    }

    /** The messages of WARNING or above. */
    public List<String> warnings() {
        return records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}
