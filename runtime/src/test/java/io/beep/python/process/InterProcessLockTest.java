package io.beep.python.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Lock waits are bounded and say why: one INFO line naming the lock and its holder, and a named error past the limit. */
class InterProcessLockTest {

    @TempDir
    Path dir;

    private final List<String> infoLines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(InterProcessLock.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() == Level.INFO.intValue()) {
                infoLines.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Process holder;

    @BeforeEach
    void captureLog() {
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopHolder() throws Exception {
        logger.removeHandler(capture);
        if (holder != null && holder.isAlive()) {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockHeldByAnotherProcessIsAnnouncedOnceAndGivenUpAfterTheLimitNamingItsHolder() throws Exception {
        Path lock = dir.resolve("locks/env-abc.lock");
        long pid = holdInAnotherProcess(lock);

        assertThatThrownBy(() -> InterProcessLock.acquire(lock, Cancellation.none(), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                    assertThat(e.lockFile()).isEqualTo(lock);
                    assertThat(e.holderPid()).hasValue(pid);
                    assertThat(e.waited()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(e.input()).contains(lock.toString());
                })
                .hasMessageContaining("'" + lock + "'")
                .hasMessageContaining("after 1s")
                .hasMessageContaining("held by process " + pid);
        assertThat(infoLines).singleElement().asString()
                .contains("Waiting for the lock '" + lock + "'", "held by process " + pid, "giving up after 1s");
    }

    @Test
    void inspectTellsFreeHeldAndStaleLocksApartWithoutWaiting() throws Exception {
        Path home = dir.resolve("home");
        long pid = holdInAnotherProcess(home.resolve("locks/held.lock"));
        try (InterProcessLock ignored = InterProcessLock.inHome(home, "mine", Cancellation.none())) {
            Files.writeString(home.resolve("locks/free.lock"), "");
            Files.writeString(home.resolve("locks/orphan.lock"), "");
            Files.writeString(home.resolve("locks/orphan.lock.owner"), "2147483646\n");

            long begin = System.nanoTime();
            List<InterProcessLock.Status> statuses = InterProcessLock.inspect(home);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));

            assertThat(statuses).extracting(InterProcessLock.Status::name).containsExactly("free", "held", "mine", "orphan");
            assertThat(statuses).extracting(InterProcessLock.Status::state).containsExactly(InterProcessLock.Status.State.FREE,
                    InterProcessLock.Status.State.HELD, InterProcessLock.Status.State.HELD, InterProcessLock.Status.State.STALE);
            assertThat(statuses.get(1).holderPid()).isEqualTo(pid);
            assertThat(statuses.get(1).holder()).contains("process " + pid);
            assertThat(statuses.get(1).since()).isPresent();
            assertThat(statuses.get(2).holder()).contains("of this process");
            assertThat(statuses.get(3).holderPid()).isEqualTo(2147483646L);
        }
        // Looking took no lock: the holder's lock is still held, and ours was released by close.
        assertThat(InterProcessLock.inspect(home).get(1).state()).isEqualTo(InterProcessLock.Status.State.HELD);
        assertThat(InterProcessLock.inspect(home).get(2).state()).isEqualTo(InterProcessLock.Status.State.FREE);
        assertThat(InterProcessLock.inspect(dir.resolve("no-home"))).isEmpty();
    }

    @Test
    void theLockIsAcquiredOnceTheOtherProcessExits() throws Exception {
        Path lock = dir.resolve("locks/env-abc.lock");
        long pid = holdInAnotherProcess(lock);
        CompletableFuture<InterProcessLock> waiting = CompletableFuture.supplyAsync(
                () -> InterProcessLock.acquire(lock, Cancellation.none(), Duration.ofMinutes(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !infoLines.isEmpty());
        assertThat(waiting).isNotDone();

        holder.getOutputStream().close(); // the holder releases and exits
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (InterProcessLock acquired = waiting.get(30, TimeUnit.SECONDS)) {
            assertThat(acquired).isNotNull();
            assertThat(Files.readString(InterProcessLock.ownerFile(lock)).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(InterProcessLock.ownerFile(lock)).doesNotExist();
        assertThat(infoLines).singleElement().asString().contains("held by process " + pid);
    }

    @Test
    void cancellingAWaitSaysWhichLockAndHolderItWaitedFor() throws Exception {
        Path lock = dir.resolve("locks/cache-1.lock");
        long pid = holdInAnotherProcess(lock);
        Cancellation cancellation = new Cancellation();
        CompletableFuture<InterProcessLock> waiting = CompletableFuture.supplyAsync(
                () -> InterProcessLock.acquire(lock, cancellation, Duration.ofMinutes(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !infoLines.isEmpty());

        cancellation.cancel("the test stopped it");

        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(CancelledException.class, e -> {
                    assertThat(e.reason()).isEqualTo("the test stopped it");
                    assertThat(e.during()).hasValueSatisfying(d -> assertThat(d).contains("'" + lock + "'", "process " + pid));
                });
    }

    @Test
    void aThreadOfThisProcessHoldingTheLockIsNamedAsTheHolder() throws Exception {
        Path lock = dir.resolve("locks/seed.lock");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            try (InterProcessLock ignored = InterProcessLock.acquire(lock)) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lock-owner-thread");
        owner.start();
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> InterProcessLock.acquire(lock, Cancellation.none(), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(LockTimeoutException.class,
                            e -> assertThat(e.holderPid()).hasValue(ProcessHandle.current().pid()))
                    .hasMessageContaining("thread 'lock-owner-thread' of this process");
            assertThat(infoLines).singleElement().asString().contains("thread 'lock-owner-thread'");
        } finally {
            release.countDown();
            owner.join(30_000);
        }
        try (InterProcessLock again = InterProcessLock.acquire(lock, Cancellation.none(), Duration.ofSeconds(30))) {
            assertThat(again).isNotNull();
        }
    }

    /** Starts {@link LockHolderMain} on {@code lock} and returns its pid once it holds the lock. */
    private long holdInAnotherProcess(Path lock) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolderMain.class.getName(), lock.toString());
        holder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the holder process says it holds the lock").isEqualTo("locked pid=" + holder.pid());
        return holder.pid();
    }

    @Test
    void aNewLockFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
        Path lock = dir.resolve("locks/venv-abc.lock");
        try (InterProcessLock ignored = InterProcessLock.acquire(lock)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(lock))).isEqualTo("rw-------");
        }
    }
}
