package io.beep.python.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code beep-python} jar as a child process, as a person or a script would: with
 * stdout and stderr on pipes, or on a pseudo-terminal through util-linux {@code script}. The child
 * sees an empty user home (no ~/.m2, no pyenv: nothing of this machine but {@code /usr/bin}), so
 * what it downloads comes from the loopback fixtures the test names.
 */
final class Cli {

    /** What one run left: exit code, stdout, stderr (on a terminal both streams arrive in {@code stdout}). */
    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private final Path userHome;
    private final Path home;

    Cli(Path workDir) {
        try {
            this.userHome = Files.createDirectories(workDir.resolve("user-home"));
            this.home = Files.createDirectories(workDir.resolve("beep-home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return home;
    }

    static Path jar() {
        return Path.of(System.getProperty("beep.cli.jar", "target/beep-python.jar")).toAbsolutePath();
    }

    static Path launcher() {
        return Path.of(System.getProperty("beep.cli.launcher", "target/beep-python")).toAbsolutePath();
    }

    /** The java command with this JVM's binary, the empty user home, and {@code args} after {@code --home}. */
    List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + userHome, "-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "--home", home.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** stdout and stderr on pipes: no terminal. */
    Run run(String... args) {
        return exec(argv(args), false);
    }

    /** On a pseudo-terminal: {@code script -qefc CMD /dev/null}; stdout and stderr both arrive in {@code stdout}. */
    Run onTerminal(String... args) {
        String command = String.join(" ", argv(args).stream().map(Cli::quoted).toList());
        return exec(List.of("script", "-qefc", command, "/dev/null"), true);
    }

    /** One argument for {@code sh -c}, in single quotes (test-controlled paths and URLs only). */
    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Started and left running, stdout and stderr on files: for a test that signals it while it works; {@link #await} ends it. */
    Started start(String... args) {
        return start(argv(args));
    }

    /** A CLI process still running, and the files its output goes to. */
    record Started(Process process, Path stdout, Path stderr) {
    }

    /** Waits up to 5 minutes for {@code started} to exit (killing its tree past that) and reads what it left. */
    Run await(Started started) {
        Process process = started.process();
        try {
            if (!process.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("beep-python " + process.info().commandLine().orElse("") + " did not finish in 5 minutes");
            }
            return new Run(process.exitValue(), Files.readString(started.stdout(), StandardCharsets.UTF_8),
                    Files.readString(started.stderr(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Started start(List<String> argv) {
        try {
            Path out = Files.createTempFile(home.getParent(), "stdout-", ".txt");
            Path err = Files.createTempFile(home.getParent(), "stderr-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("BEEP_PYTHON") || k.startsWith("PIP_") || k.startsWith("UV_") || k.equals("VIRTUAL_ENV"));
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", userHome.toString());
            env.put("TERM", "xterm");
            return new Started(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run exec(List<String> argv, boolean terminal) {
        return await(start(argv));
    }
}
