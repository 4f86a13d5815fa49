package io.beep.python.packages;

import io.beep.python.fs.Platform;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.pep508.Pep508Environment;
import io.beep.python.venv.PyvenvConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the venv of an install's interpreter tells, read from its {@code pyvenv.cfg} without starting
 * Python: its root, its lock file, and the PEP 508 marker values its distributions are judged by.
 */
final class TargetVenv {

    private TargetVenv() {
    }

    static Optional<Path> root(Path python) {
        return PyvenvConfig.ofInterpreter(python).map(PyvenvConfig::root);
    }

    /** The lock file an install into the venv of {@code python} writes, when {@code python} belongs to a venv. */
    static Optional<Path> lockFile(Path python) {
        return root(python).map(root -> root.resolve(LockFile.FILE_NAME));
    }

    /** The marker values of this machine and the interpreter's version. */
    static Map<String, String> markers(Path python, Path sitePackages) {
        Platform platform = Platform.current();
        String fullVersion = PyvenvConfig.ofInterpreter(python).flatMap(PyvenvConfig::fullVersion).orElse(null);
        return Pep508Environment.of(platform.os(), platform.arch(), fullVersion, sitePackages);
    }
}
