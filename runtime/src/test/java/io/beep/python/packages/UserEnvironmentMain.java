package io.beep.python.packages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JVM started by {@link UserSettingsWinTest} with the user's variables in its own environment and a pip.conf in its
 * {@code user.home}: computes an installer's sources exactly as {@link UvInstaller} or {@link PipInstaller} does, starts
 * a real Python with them through {@link ProcessRunner} the way the installer starts uv or pip, and prints what that
 * Python saw in its environment, with the installer's command-line options.
 */
public final class UserEnvironmentMain {

    private UserEnvironmentMain() {
    }

    public static void main(String[] args) throws Exception {
        String installer = args[0];
        Path python = Path.of(args[1]);
        InstallerSources sources = installer.equals("uv") ? UvInstaller.sources(PackageSources.defaults(), python)
                : PipInstaller.sources(PackageSources.defaults(), python);
        String code = "import os, json\nprint(json.dumps(dict(os.environ)))";
        ProcessResult result = new ProcessRunner().run(ProcessSpec.of(python.toString(), "-c", code).withEnvironment(sources.environment()));
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("env", new ObjectMapper().readTree(result.stdout().strip()));
        seen.put("args", sources.arguments());
        System.out.println(new ObjectMapper().writeValueAsString(seen));
        System.err.println(result.stderr());
    }
}
