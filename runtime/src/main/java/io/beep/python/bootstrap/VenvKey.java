package io.beep.python.bootstrap;

import io.beep.python.fs.Digests;
import io.beep.python.fs.HomeLayout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The identity of a managed venv: a digest of everything that decides what it holds, so that it lives at
 * {@code venvs/NAME-KEY} and two applications share it only when they would put the same things in it.
 * <p>
 * Unlike {@link InputsFingerprint} (stats, the warm marker's check) this hashes the <em>bytes</em> of the
 * requirements file, of a project's {@code pyproject.toml} and locks, and, when profiles are used, of the profile definitions: a copy of the same file in another
 * application, or a touched one, keeps the key; an edited one changes it. Reading and hashing small files is
 * cheap enough for the warm path; parsing them is not, and is not done. Index URLs go into the digest only, so
 * credentials are never stored. A baked environment adds the real path of its application's {@code python/}
 * directory: each copy of a baked application gets a venv of its own, whose {@code .pth} points at that copy.
 * The init task and the application compute the same key from the same configuration: it depends on the
 * options and the home only.
 */
final class VenvKey {

    private VenvKey() {
    }

    /** {@code profilesReady}: makes the profile definitions file when it does not exist yet (the cold path writes it anyway). */
    static String of(Path home, BootstrapOptions options, Optional<BakedEnvironment> baked, Runnable profilesReady) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        List<String> profiles = options.effectiveProfiles();
        for (String part : List.of(options.pythonVersion(), options.runtime().name(), options.interpreter().map(Path::toString).orElse(""),
                options.distribution().source().name(), options.distribution().url().map(Object::toString).orElse(""),
                options.distribution().sha256().orElse(""), options.installer().name(), options.sources().toString(),
                options.accelerator().name(), String.join("\u0000", options.packages()), String.join(",", profiles))) {
            field(fields, part.getBytes(StandardCharsets.UTF_8));
        }
        if (!profiles.isEmpty()) {
            Path definitions = HomeLayout.of(home).packageRequirementsJson();
            if (!Files.exists(definitions)) {
                // Otherwise the first start (no file) and the next (the file it wrote) would get two venvs.
                profilesReady.run();
            }
            field(fields, bytes(definitions));
        } else {
            field(fields, new byte[0]);
        }
        field(fields, options.requirementsFile().map(VenvKey::bytes).orElse(new byte[0]));
        if (options.project().isPresent()) {
            // Only with a project, so that applications without one keep their venvs' keys.
            field(fields, ProjectInputs.digest(options.project()).getBytes(StandardCharsets.UTF_8));
        }
        if (!options.seedRequirements().isEmpty()) {
            // Only when not bundled, so that the venvs of applications that never set it keep their keys.
            field(fields, ("seed:" + String.join("\u0000", options.seedRequirements())).getBytes(StandardCharsets.UTF_8));
        }
        field(fields, baked.map(b -> realPath(options.bakedRoot().orElseThrow())).orElse("").getBytes(StandardCharsets.UTF_8));
        return Digests.shortHex(fields.toByteArray());
    }

    /** Length-prefixed, so that no two different field lists hash the same bytes. */
    private static void field(ByteArrayOutputStream fields, byte[] bytes) {
        fields.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        fields.write(':');
        fields.writeBytes(bytes);
    }

    /** A missing or unreadable file hashes as such; the cold path then says what is wrong with it, naming it. */
    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return "\u0000absent".getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ("\u0000unreadable " + e.getClass().getSimpleName()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String realPath(Path root) {
        try {
            return root.toRealPath().toString();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize().toString();
        }
    }
}
