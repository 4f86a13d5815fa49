package io.beep.python.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * java.util.logging's configuration for the CLI, named by {@code java.util.logging.config.class}: the
 * core logs its work at INFO for applications, but at a terminal only its warnings are worth a line.
 * Named rather than applied at start so that a command that logs nothing never initializes logging.
 */
public final class LoggingConfig {

    public LoggingConfig() throws IOException {
        String config = "handlers=java.util.logging.ConsoleHandler\n"
                + ".level=INFO\n"
                + "io.beep.python.level=WARNING\n"
                + "java.util.logging.ConsoleHandler.level=ALL\n"
                + "java.util.logging.SimpleFormatter.format=%4$s: %5$s%6$s%n\n";
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    }
}
