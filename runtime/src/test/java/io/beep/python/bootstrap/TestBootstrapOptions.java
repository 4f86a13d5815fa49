package io.beep.python.bootstrap;

import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;

import java.util.List;
import java.util.Optional;

/** The bootstrap tests' common options and probe: the test CPython, pip, a loopback index as the only source. */
final class TestBootstrapOptions {

    private TestBootstrapOptions() {
    }

    /**
     * Options for environment {@code name}: the CPython from Maven, pip explicitly (the loopback index serves no uv wheel;
     * installer=auto is the packages room's to test), {@code index} as the package source.
     */
    static BootstrapOptions.Builder pipFrom(LoopbackPackageIndex index, String name) {
        return BootstrapOptions.builder().environmentName(name).interpreter(TestPython.executable()).installer(InstallerKind.PIP)
                .sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false));
    }

    /** What {@code code} prints, run by the interpreter of the ready environment. */
    static String python(ProcessRunner runner, BootstrapResult result, String code) {
        return runner.run(ProcessSpec.of(result.ready().interpreter().toString(), "-c", code)).orThrow("python -c").stdout().strip();
    }
}
