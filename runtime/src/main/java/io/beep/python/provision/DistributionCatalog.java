package io.beep.python.provision;

import io.beep.python.fs.Platform;
import java.util.List;
import java.util.Optional;

/** The interpreter versions one source offers, per platform. */
interface DistributionCatalog {

    /** The versions available for {@code platform}, oldest first. */
    List<PythonVersion> versions(Platform platform);

    /** The archive holding {@code version} for {@code platform}. */
    Optional<Distribution> find(PythonVersion version, Platform platform);

    /** The directory inside the archive that holds the interpreter; empty for archives that hold it at the top. */
    default String interpreterPrefix(Platform platform) {
        return "";
    }
}
