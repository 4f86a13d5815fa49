package io.beep.python.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The network probe of the tests that install real packages cleans up after itself, reachable or not. */
class RealPackageIndexTest {

    @Test
    void theProbeLeavesNoDirectoryBehind(@TempDir Path parent) {
        String reason = RealPackageIndex.probe(parent);
        System.out.println("Package index probe: " + (reason.isEmpty() ? "reachable" : reason));
        assertThat(parent).isEmptyDirectory();
    }
}
