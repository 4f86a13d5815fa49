package io.beep.python.venv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The console scripts of a dist-info, as {@code name=module:function}. */
final class ConsoleScripts {

    private ConsoleScripts() {
    }

    /**
     * The console scripts pip would write, named as pip names them: {@code pip}, {@code pip3},
     * {@code pip3.X} (and {@code easy_install}, {@code easy_install-3.X}), whatever the wheel says.
     */
    static List<String> of(Path distInfo, BaseInterpreter base) throws IOException {
        Path entryPoints = distInfo.resolve("entry_points.txt");
        Map<String, String> console = new LinkedHashMap<>();
        if (Files.isRegularFile(entryPoints)) {
            boolean inSection = false;
            for (String raw : Files.readAllLines(entryPoints, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    inSection = line.equals("[console_scripts]");
                } else if (inSection && line.contains("=")) {
                    console.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
                }
            }
        }
        String major = base.minorVersion().substring(0, base.minorVersion().indexOf('.'));
        List<String> scripts = new ArrayList<>();
        String pip = console.remove("pip");
        if (pip != null) {
            scripts.add("pip=" + pip);
            scripts.add("pip" + major + "=" + pip);
            scripts.add("pip" + base.minorVersion() + "=" + pip);
            console.keySet().removeIf(k -> k.matches("pip(\\d+(\\.\\d+)?)?"));
        }
        String easyInstall = console.remove("easy_install");
        if (easyInstall != null) {
            scripts.add("easy_install=" + easyInstall);
            scripts.add("easy_install-" + base.minorVersion() + "=" + easyInstall);
            console.keySet().removeIf(k -> k.matches("easy_install(-\\d+\\.\\d+)?"));
        }
        console.forEach((name, target) -> scripts.add(name + "=" + target));
        scripts.replaceAll(s -> s.replaceAll("\\s+", ""));
        return List.copyOf(scripts);
    }
}
