package io.beep.python.provision;


import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What one distribution source decides in the provisioning sequence: which archive, where its
 * interpreter goes, and how to tell it is already there. The sequence itself (lock, recheck,
 * fetch, verify, unpack, check, atomic install, record) is {@link PythonProvisioner}'s, the same
 * for every source.
 */
sealed interface SourcePlan permits CatalogPlan, UrlPlan {

    /** Names this provisioning's inter-process lock and its temp directories. */
    String name();

    /** The input an error names: the requested version, or the archive's URL (masked). */
    String input();

    /** What is being provisioned, for error messages: {@code Python 3.13 into ...}, {@code Python from https://...}. */
    String subject();

    /** The archive to fetch and verify. */
    Distribution distribution();

    /** The directory inside the archive that holds the interpreter ({@code ""}: at the top, or one directory down). */
    String archivePrefix();

    /** The interpreter already in place for this request, found without a process or the network. */
    Optional<ProvisionedPython> installed();

    /**
     * Where a verified interpreter reporting {@code version} goes. Refuses a version the request
     * does not allow: a {@link IOException} is a failed verification of the archive's
     * contents, a {@link ProvisioningException} a conflict with the request.
     */
    Path target(PythonVersion version) throws IOException;

    /** Called once the interpreter is at {@code target}, so that {@link #installed()} finds it next time. */
    default void remember(Path target) throws IOException {
    }
}
