package io.beep.python.venv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Uses of one venv by several environments of one JVM: counted, one file lock for them all (a second lock of one
 * file in one JVM would throw), gone with the last use. Across processes: {@code bootstrap/SharedHomeTest}.
 */
class VenvUsersTest {

    @TempDir
    Path venv;

    @Test
    void twoUsesInOneJvmShareOneLockAndTheVenvIsFreeOnlyAfterTheLast() throws Exception {
        assertThat(VenvUsers.inUse(venv)).isFalse();

        VenvUsers.Use first = VenvUsers.use(venv);
        VenvUsers.Use second = VenvUsers.use(venv);
        assertThat(VenvUsers.inUse(venv)).isTrue();
        assertThat(VenvUsers.users(venv)).containsExactly(ProcessHandle.current().pid());
        assertThat(VenvUsers.describeUsers(venv)).contains("this process");

        first.close();
        first.close();
        assertThat(VenvUsers.inUse(venv)).as("the second use still holds it").isTrue();
        second.close();
        assertThat(VenvUsers.inUse(venv)).isFalse();
        assertThat(VenvUsers.users(venv)).isEmpty();
    }

    @Test
    void theUseFileIsTheOwnersOnlyAndAUseTouchesTheLastUsedTime() throws Exception {
        Path owner = Files.writeString(venv.resolve(VirtualEnvironments.OWNERSHIP_FILE), "ours\n");
        Files.setLastModifiedTime(owner, java.nio.file.attribute.FileTime.fromMillis(0));

        try (VenvUsers.Use ignored = VenvUsers.use(venv)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(venv.resolve(VenvUsers.USE_FILE)))).isEqualTo("rw-------");
            assertThat(VenvUsers.lastUsed(venv).orElseThrow()).isAfter(java.time.Instant.now().minusSeconds(60));
        }
    }

    @Test
    void aPidFileOfAProcessThatIsGoneIsPrunedAndNamesNobody() throws Exception {
        Path users = Files.createDirectories(venv.resolve(VenvUsers.USERS_DIR));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createFile(users.resolve(Long.toString(gone.pid())));

        assertThat(VenvUsers.users(venv)).isEmpty();
        assertThat(users.resolve(Long.toString(gone.pid()))).doesNotExist();
    }
}
