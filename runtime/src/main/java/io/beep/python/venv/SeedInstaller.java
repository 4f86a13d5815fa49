package io.beep.python.venv;

import io.beep.python.fs.FileTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs a {@link SeedImage} into a venv the way pip would have installed the wheel: its files
 * hard-linked from the cache (copied when the venv is on another file system), its console
 * scripts written with the venv's python in the shebang, and a RECORD that lists them all, so
 * that {@code pip list}, {@code pip uninstall} and {@code pip install --upgrade pip} work.
 */
final class SeedInstaller {

    /** How many files were linked and copied: the benchmark and the report use it. */
    record Outcome(int linked, int copied) {
    }

    private SeedInstaller() {
    }

    static Outcome install(SeedImage image, VenvLayout layout, Path finalRoot, String envExeName, boolean posix) throws IOException {
        Path site = layout.sitePackages();
        for (String dir : image.directories()) {
            Files.createDirectory(site.resolve(dir));
        }
        int linked = linkAll(image, site);
        int copied = image.files().size() - linked;
        List<String> record = new ArrayList<>(image.record());
        if (posix) {
            String shebang = shebang(finalRoot.resolve(layout.binName()).resolve(envExeName).toString());
            for (String script : image.scripts()) {
                String name = script.substring(0, script.indexOf('='));
                byte[] bytes = scriptText(shebang, script.substring(script.indexOf('=') + 1)).getBytes(StandardCharsets.UTF_8);
                Path target = layout.binDir().resolve(name);
                Files.write(target, bytes);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                record.add(RecordLines.line(site.relativize(target).toString().replace('\\', '/'), bytes));
            }
        }
        if (!posix) {
            Path pythonExe = finalRoot.resolve(layout.binName()).resolve(envExeName);
            Optional<Path> launcher = WindowsScripts.launcher(image.root(), layout.binDir().resolve(envExeName));
            if (launcher.isPresent()) {
                byte[] launcherBytes = Files.readAllBytes(launcher.get());
                for (String script : image.scripts()) {
                    String name = script.substring(0, script.indexOf('=')) + ".exe";
                    byte[] bytes = WindowsScripts.exe(launcherBytes, pythonExe.toString(), scriptText("", script.substring(script.indexOf('=') + 1)));
                    Path target = layout.binDir().resolve(name);
                    Files.write(target, bytes);
                    record.add(RecordLines.line(site.relativize(target).toString().replace('\\', '/'), bytes));
                }
            }
        }
        record.add(image.distInfo() + "/RECORD,,");
        Files.writeString(site.resolve(image.distInfo()).resolve("RECORD"), String.join("\n", record) + "\n", StandardCharsets.UTF_8);
        return new Outcome(linked, copied);
    }

    /** Hard-links every file of {@code image} into {@code site} (copies where the file system cannot link). */
    static int linkAll(SeedImage image, Path site) throws IOException {
        List<FileTrees.Link> links = new ArrayList<>(image.files().size());
        for (String file : image.files()) {
            links.add(new FileTrees.Link(image.root().resolve(file), site.resolve(file)));
        }
        return FileTrees.linkAll(links, new ArrayList<>(links.size()));
    }

    /**
     * The shebang distlib writes for pip's scripts: the interpreter itself, or a {@code /bin/sh}
     * trampoline when the path has a space or is longer than the kernel reads (127 bytes).
     */
    static String shebang(String executable) {
        boolean simple = !executable.contains(" ") && ("#!" + executable + "\n").getBytes(StandardCharsets.UTF_8).length <= 127;
        if (simple) {
            return "#!" + executable + "\n";
        }
        String quoted = executable.contains(" ") ? "\"" + executable + "\"" : executable;
        return "#!/bin/sh\n'''exec' " + quoted + " \"$0\" \"$@\"\n' '''\n";
    }

    /** pip's console-script template for {@code module:function}. */
    static String scriptText(String shebang, String entryPoint) {
        String module = entryPoint.substring(0, entryPoint.indexOf(':'));
        String function = entryPoint.substring(entryPoint.indexOf(':') + 1);
        String importName = function.contains(".") ? function.substring(0, function.indexOf('.')) : function;
        return shebang
                + "# -*- coding: utf-8 -*-\n"
                + "import re\n"
                + "import sys\n"
                + "from " + module + " import " + importName + "\n"
                + "if __name__ == '__main__':\n"
                + "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                + "    sys.exit(" + function + "())\n";
    }
}
