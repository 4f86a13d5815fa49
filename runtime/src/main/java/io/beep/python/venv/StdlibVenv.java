package io.beep.python.venv;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fallback: {@code python -m venv} (with ensurepip), for interpreters whose layout the native
 * writer does not know. It runs into the temporary directory and then rewrites the paths venv
 * wrote there (pyvenv.cfg, activate and pip scripts) to the final location.
 */
final class StdlibVenv {

    private StdlibVenv() {
    }

    static void create(ProcessRunner runner, Path executable, Path directory, Path finalRoot, Cancellation cancellation, boolean withPip)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "-m", "venv"));
        if (!withPip) {
            argv.add("--without-pip");
        }
        argv.add(directory.toString());
        var result = runner.run(ProcessSpec.of(argv)
                .withTimeout(Duration.ofMinutes(5)), cancellation);
        if (!result.ok()) {
            throw new VenvException(VenvException.Reason.CREATE_FAILED, finalRoot.toString(),
                    "Cannot create virtual environment '" + finalRoot + "' with " + executable + " -m venv: "
                            + result.stderr().strip() + ". Check that the interpreter has the venv and ensurepip modules"
                            + " (on Debian/Ubuntu: apt install python3-venv) or choose another interpreter.");
        }
        rewritePaths(directory, finalRoot);
    }

    private static void rewritePaths(Path directory, Path finalRoot) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(directory.resolve(PyvenvConfig.FILE_NAME));
        for (String bin : List.of("bin", "Scripts")) {
            Path dir = directory.resolve(bin);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
                }
            }
        }
        String from = directory.toString();
        String to = finalRoot.toString();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            if (text.contains(from)) {
                Files.writeString(file, text.replace(from, to), StandardCharsets.ISO_8859_1);
            }
        }
    }
}
