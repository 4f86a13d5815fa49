package io.beep.python.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.fs.ScratchOwner;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Installers orphaned by a killed JVM: a real process, re-parented to init (its parent exits at
 * once), whose command line is that of pip installing into the venv.
 */
class OrphanInstallersTest {

    @TempDir
    Path dir;

    private Optional<ProcessHandle> orphan = Optional.empty();

    @AfterEach
    void killOrphan() {
        orphan.ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void anOrphanThatFinishesIsWaitedFor() {
        TestVenv venv = TestVenv.create(dir.resolve("venv"), false);
        ProcessHandle pip = startOrphan(venv, 3);

        assertThat(OrphanInstallers.find(venv.python())).containsExactly(pip);
        long begin = System.nanoTime();
        OrphanInstallers.settle(venv.python(), Cancellation.none());

        assertThat(pip.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(OrphanInstallers.GRACE);
        assertThat(OrphanInstallers.find(venv.python())).isEmpty();
    }

    @Test
    void anOrphanStillRunningAfterTheGraceIsKilled() throws Exception {
        TestVenv venv = TestVenv.create(dir.resolve("venv"), false);
        ProcessHandle pip = startOrphan(venv, 600);
        Duration grace = Duration.ofSeconds(2);
        long begin = System.nanoTime();
        // When the orphan died, seen by the JDK's own exit watcher: not a poll of ours that could be late or early.
        CompletableFuture<Long> exited = pip.onExit().thenApply(p -> System.nanoTime());

        CompletableFuture<Void> settled = CompletableFuture.runAsync(() -> OrphanInstallers.settle(venv.python(), Cancellation.none(), grace));

        // Through the first half of the grace the orphan must keep running and settle keep waiting for it.
        await().during(grace.dividedBy(2)).atMost(grace).until(() -> pip.isAlive() && !settled.isDone());
        settled.get(20, TimeUnit.SECONDS);
        assertThat(pip.isAlive()).as("still running after the grace").isFalse();
        assertThat(Duration.ofNanos(exited.get(5, TimeUnit.SECONDS) - begin)).as("it died after the grace, not before")
                .isGreaterThanOrEqualTo(grace);
    }

    @Test
    void anInstallerOfAnotherEnvironmentOrThisJvmsOwnIsNotAnOrphan() {
        TestVenv venv = TestVenv.create(dir.resolve("venv"), false);
        TestVenv other = TestVenv.create(dir.resolve("other"), false);
        startOrphan(other, 600);

        assertThat(OrphanInstallers.find(venv.python())).isEmpty();
    }

    @Test
    void scratchOfAJvmThatIsGoneIsRemovedAndEveryOtherIsKept() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String namespace = ScratchOwner.tag().split("-")[2];
        Process ended = new ProcessBuilder("sleep", "30").start();
        long endedStart = ended.info().startInstant().orElseThrow().toEpochMilli();
        ended.destroyForcibly().waitFor();
        long self = ProcessHandle.current().pid();

        Path gone = scratch(tmp, "install-" + ended.pid() + "-" + endedStart + "-" + namespace + "-1");
        Path reusedPid = scratch(tmp, "install-" + self + "-12345-" + namespace + "-2");
        Path live = scratch(tmp, "install-" + ScratchOwner.tag() + "-3");
        Path otherNamespace = scratch(tmp, "install-" + ended.pid() + "-" + endedStart + "-1" + namespace + "-4");
        Path olderVersion = scratch(tmp, "install-5");
        Path otherStem = scratch(tmp, "install-x-" + ended.pid() + "-" + endedStart + "-" + namespace + "-6");
        Path goneArgs = Files.writeString(tmp.resolve("lock-" + ended.pid() + "-" + endedStart + "-" + namespace + "-7.txt"), "six\n");

        ScratchOwner.removeAbandoned(tmp, "install-", "");
        ScratchOwner.removeAbandoned(tmp, "lock-", ".txt");

        assertThat(gone).as("its JVM ended").doesNotExist();
        assertThat(reusedPid).as("its pid now names a process that started later").doesNotExist();
        assertThat(goneArgs).doesNotExist();
        assertThat(live).as("this JVM's own").exists();
        assertThat(otherNamespace).as("a pid of another container's numbering means nothing here").exists();
        assertThat(olderVersion).as("untagged: whose it is cannot be told").exists();
        assertThat(otherStem).exists();
    }

    private static Path scratch(Path tmp, String name) throws IOException {
        Path directory = Files.createDirectories(tmp.resolve(name));
        Files.writeString(directory.resolve("pip-report.json"), "{}");
        return directory;
    }

    /** {@code PYTHON -c "sleep" pip install demo}, started by a Python that exits at once, so init adopts it. */
    private ProcessHandle startOrphan(TestVenv venv, int seconds) {
        String python = venv.python().toAbsolutePath().toString();
        String spawn = "import subprocess, sys\n"
                + "p = subprocess.Popen([sys.argv[1], '-c', 'import time; time.sleep(" + seconds + ")', 'pip install demo'],"
                + " start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
                + "print(p.pid)";
        var started = new ProcessRunner().run(ProcessSpec.of(List.of(python, "-c", spawn, python)).withTimeout(Duration.ofSeconds(30)));
        long pid = Long.parseLong(started.stdout().strip());
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        orphan = Optional.of(handle);
        await().atMost(Duration.ofSeconds(10)).until(() -> handle.parent().map(p -> p.pid() != ProcessHandle.current().pid()).orElse(true));
        return handle;
    }
}
