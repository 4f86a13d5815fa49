package io.beep.python.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run: an argv list (never a shell string), a working directory, environment variables
 * to set on top of the cleaned inherited environment, and a time-out.
 */
public record ProcessSpec(List<String> command, Optional<Path> directory, Map<String, String> environment, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public ProcessSpec {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        Objects.requireNonNull(directory, "directory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
    }

    public static ProcessSpec of(List<String> command) {
        return new ProcessSpec(command, Optional.empty(), Map.of(), DEFAULT_TIMEOUT);
    }

    public static ProcessSpec of(String... command) {
        return of(List.of(command));
    }

    public ProcessSpec withTimeout(Duration newTimeout) {
        return new ProcessSpec(command, directory, environment, newTimeout);
    }

    public ProcessSpec inDirectory(Path dir) {
        return new ProcessSpec(command, Optional.of(dir), environment, timeout);
    }

    public ProcessSpec withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new ProcessSpec(command, directory, env, timeout);
    }

    public ProcessSpec withEnvironment(Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(more);
        return new ProcessSpec(command, directory, env, timeout);
    }
}
