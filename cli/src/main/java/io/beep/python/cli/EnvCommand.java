package io.beep.python.cli;

import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code beep-python env ...}: virtual environments. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "Virtual environments.", subcommands = EnvCommand.Create.class)
final class EnvCommand implements Runnable {

    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code beep-python env create PATH}: the extension's one-call bootstrap for a venv at PATH:
     * find or provision the interpreter, create the venv, install the template's, profiles' and
     * packages' requirements in one batch, verify.
     */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates (or brings up to date) a virtual environment at PATH with the requested packages, provisioning Python if needed.")
    static final class Create implements Callable<Integer> {

        @Mixin
        GlobalOptions global;

        @Mixin
        DistributionOptions distribution;

        @Parameters(paramLabel = "PATH", description = "Where the venv lives.")
        Path path;

        @Option(names = "--python", paramLabel = "V", defaultValue = BootstrapOptions.DEFAULT_PYTHON_VERSION,
                description = "Wanted Python: 3, 3.13 or 3.13.5 (default ${DEFAULT-VALUE}), or the path of an interpreter.")
        String python;

        @Option(names = "--template", paramLabel = "T",
                description = "minimal, data-science, machine-learning, web-development or full-stack.")
        String template;

        @Option(names = "--profile", paramLabel = "P", description = "A package profile (repeatable; see 'beep-python profiles list').")
        List<String> profiles = new ArrayList<>();

        @Option(names = "--package", paramLabel = "SPEC", description = "A PEP 508 requirement, e.g. 'requests>=2.31' (repeatable).")
        List<String> packages = new ArrayList<>();

        @Option(names = "--requirements", paramLabel = "FILE", description = "A requirements.txt or pylock.toml to install.")
        Path requirements;

        @Option(names = "--installer", paramLabel = "I", defaultValue = "auto", description = "pip, uv or auto (uv when available).")
        String installer;

        @Option(names = "--index-url", paramLabel = "URL", description = "Package index replacing pip's configured one.")
        String indexUrl;

        @Option(names = "--find-links", paramLabel = "DIR|URL", description = "Archives to install from (repeatable).")
        List<String> findLinks = new ArrayList<>();

        @Option(names = "--offline", description = "Never touch the network.")
        boolean offline;

        @Override
        public Integer call() {
            Output out = global.output();
            Path venv = path.toAbsolutePath().normalize();
            BootstrapOptions.Builder options = BootstrapOptions.builder()
                    .environmentName(environmentName(venv))
                    .virtualEnvironmentPath(venv)
                    .profiles(profiles)
                    .packages(packages)
                    .requirementsFile(requirements)
                    .installer(InstallerKind.valueOf(installer.toUpperCase(Locale.ROOT)))
                    .sources(new PackageSources(Optional.ofNullable(indexUrl), List.of(), findLinks, offline));
            if (python.contains("/") || python.contains("\\")) {
                options.interpreter(Path.of(python).toAbsolutePath());
            } else {
                options.pythonVersion(python).distribution(distribution.request(python));
            }
            if (template != null) {
                options.template(template);
            }
            Progress progress = out.progress();
            BootstrapResult outcome = new PythonBootstrapManager(global.home()).ensurePythonEnvironment(options.build(), progress::bootstrap,
                    Interruption.cancellation());
            progress.done();
            BootstrapResult.Ready result = outcome.ready();
            ObjectNode doc = Output.object();
            doc.put("environment", result.environment());
            doc.put("path", result.location().toString());
            doc.put("interpreter", result.interpreter().toString());
            doc.put("pythonVersion", result.pythonVersion());
            doc.putPOJO("packages", new java.util.TreeMap<>(result.installedPackages()));
            doc.putPOJO("newlyInstalled", new java.util.TreeMap<>(result.newlyInstalled()));
            doc.put("warm", result.warm());
            doc.put("durationMs", result.totalDuration().toMillis());
            doc.putPOJO("warnings", result.warnings());
            out.result(doc);
            out.line("Ready: " + venv + " (Python " + result.pythonVersion() + ", " + result.installedPackages().size()
                    + " packages" + (result.newlyInstalled().isEmpty() ? "" : ", " + result.newlyInstalled().size() + " installed") + ")");
            result.warnings().forEach(w -> out.note("warning: " + w));
            out.note("Activate with: source " + venv.resolve("bin").resolve("activate"));
            return ExitCodes.OK;
        }

        /** The environment's name in locks and messages: the directory's name, in the characters names allow. */
        static String environmentName(Path venv) {
            Path name = venv.getFileName();
            String text = name == null ? "env" : name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
            return text.isEmpty() ? "env" : text;
        }
    }
}
