package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.packages.PackageSources;
import io.beep.python.process.Cancellation;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * An index URL with a password, used for a real install (and then a failing one): the password
 * reaches the index as Basic auth and nothing else, not the progress events, the result or its
 * error, and no file under the home or in the venv.
 */
class SecretsAtRestTest {

    private static final String SECRET = "s3cr3t-t0ken-4711";

    @TempDir
    Path home;

    @Test
    void thePasswordOfAnIndexUrlIsInNoEventResultErrorOrFileUnderTheHome() throws IOException {
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            index.requireBasicAuth("deploy", SECRET);
            index.add(WheelBuilder.wheel("light", "2.0"));
            PackageSources sources = new PackageSources(Optional.of(index.url("deploy", SECRET)), List.of(), List.of(), false);
            List<String> seen = new CopyOnWriteArrayList<>();
            PythonBootstrapManager manager = new PythonBootstrapManager(home);

            BootstrapResult ok = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("private")
                    .interpreter(TestPython.executable()).packages(List.of("light")).sources(sources).build(), p -> seen.add(p.toString()),
                    Cancellation.none());
            assertThat(ok.success()).as(ok.failure().map(Throwable::getMessage).orElse("")).isTrue();
            BootstrapResult failed = manager.ensurePythonEnvironment(BootstrapOptions.builder().environmentName("private-missing")
                    .interpreter(TestPython.executable()).packages(List.of("not-on-the-index")).sources(sources).build(),
                    p -> seen.add(p.toString()), Cancellation.none());
            assertThat(failed.success()).isFalse();
            manager.installers().awaitBackgroundWork(java.time.Duration.ofMinutes(1));

            seen.add(ok.toString());
            seen.add(failed.toString());
            for (Throwable e = failed.failure().orElseThrow(); e != null; e = e.getCause()) {
                seen.add(String.valueOf(e.getMessage()));
            }
            assertThat(seen).noneMatch(text -> text.contains(SECRET));
            assertThat(filesContaining(home, SECRET)).as("files under the home holding the password").isEmpty();
        }
    }

    private static List<Path> filesContaining(Path root, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return text.contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return false;
        }
    }
}
