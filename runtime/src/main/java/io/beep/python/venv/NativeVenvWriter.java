package io.beep.python.venv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a complete venv without running Python: the directories, {@code pyvenv.cfg}, the python
 * executables, the activate scripts and the seeded packages, into a directory that will be
 * renamed to {@code finalRoot} (every path written into a file names {@code finalRoot}).
 */
final class NativeVenvWriter {

    /** Everything the writer needs, gathered (and checked) before the first byte is written. */
    record Plan(BaseInterpreter base, List<Executables.Placement> executables, ActivationScripts.Templates templates,
            List<SeedImage> seeds) {
    }

    private NativeVenvWriter() {
    }

    static void write(Plan plan, Path directory, Path finalRoot) throws IOException {
        BaseInterpreter base = plan.base();
        VenvLayout layout = VenvLayout.of(base.platform(), directory, base.minorVersion(), base.sixtyFourBit());
        Files.createDirectories(layout.includeDir());
        Files.createDirectories(layout.sitePackages());
        if (layout.lib64()) {
            Files.createSymbolicLink(directory.resolve("lib64"), Path.of("lib"));
        }
        Files.createDirectories(layout.binDir());
        Files.writeString(directory.resolve(PyvenvConfig.FILE_NAME), PyvenvConfig.render(base, finalRoot), StandardCharsets.UTF_8);
        Executables.place(plan.executables(), layout.binDir());
        String envExeName = plan.executables().get(0).name();
        ActivationScripts.write(plan.templates(), layout, finalRoot, envExeName);
        if (VenvLayout.atLeast(base.minorVersion(), 3, 13)) {
            // 3.13's venv keeps the environment out of git by default.
            Files.writeString(directory.resolve(".gitignore"),
                    "# Created by venv; see https://docs.python.org/3/library/venv.html\n*\n", StandardCharsets.UTF_8);
        }
        for (SeedImage seed : plan.seeds()) {
            SeedInstaller.install(seed, layout, finalRoot, envExeName, !base.platform().isWindows());
        }
    }
}
