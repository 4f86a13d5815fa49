package io.beep.python.venv;

import io.beep.python.fs.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The activate scripts ({@code activate}, {@code activate.fish}, {@code activate.csh},
 * {@code Activate.ps1}, {@code activate.bat}) generated from the base interpreter's own
 * {@code venv/scripts} templates, with the placeholder substitution its {@code venv} module does,
 * so that a user who sources them sees exactly what a stdlib venv would give.
 */
final class ActivationScripts {

    /** One template file: its path below {@code venv/scripts/<dir>/} and its bytes. */
    record Template(String relativePath, Path source, byte[] bytes) {
    }

    /** The templates of one standard library, and whether its venv quotes substituted values (gh-124651). */
    record Templates(List<Template> files, boolean quotes) {
    }

    private static final Pattern SHELL_SAFE = Pattern.compile("^[A-Za-z0-9_@%+=:,./-]+$");

    private ActivationScripts() {
    }

    /** Reads the templates for {@code platform} from {@code stdlib/venv/scripts}; none when the stdlib has no venv module. */
    static Templates load(Path stdlib, Platform platform) throws IOException {
        Path scripts = stdlib.resolve("venv").resolve("scripts");
        List<Template> files = new ArrayList<>();
        for (String dir : List.of("common", platform.isWindows() ? "nt" : "posix")) {
            Path base = scripts.resolve(dir);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String relative = base.relativize(file).toString().replace('\\', '/');
                    if (platform.isWindows() && isLauncher(file.getFileName().toString())) {
                        continue; // venvlauncher.exe and friends become python.exe, not scripts
                    }
                    files.add(new Template(relative, file, Files.readAllBytes(file)));
                }
            }
        }
        Path venvModule = stdlib.resolve("venv").resolve("__init__.py");
        boolean quotes = Files.isRegularFile(venvModule) && Files.readString(venvModule, StandardCharsets.ISO_8859_1).contains("def quote_ps1");
        return new Templates(List.copyOf(files), quotes);
    }

    /** Writes every template into {@code layout.binDir()} with the placeholders of a venv at {@code finalRoot}. */
    static void write(Templates templates, VenvLayout layout, Path finalRoot, String envExeName) throws IOException {
        String binName = layout.binName();
        String envDir = finalRoot.toString();
        String envExe = finalRoot.resolve(binName).resolve(envExeName).toString();
        String name = finalRoot.getFileName().toString();
        for (Template template : templates.files()) {
            Path target = layout.binDir().resolve(template.relativePath());
            Files.createDirectories(target.getParent());
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(template.bytes())).toString();
            } catch (CharacterCodingException e) {
                continue; // venv skips binary files it cannot decode, with a warning
            }
            String replaced = substitute(text, template.relativePath(), templates.quotes(), envDir, name, name, binName, envExe);
            if (replaced.equals(text)) {
                Files.copy(template.source(), target, StandardCopyOption.COPY_ATTRIBUTES);
            } else {
                Files.write(target, replaced.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static String substitute(String text, String scriptName, boolean quotes, String envDir, String envName, String prompt,
            String binName, String envExe) {
        String lower = scriptName.toLowerCase(Locale.ROOT);
        java.util.function.UnaryOperator<String> quote;
        if (!quotes || lower.endsWith(".bat")) {
            quote = s -> s;
        } else if (lower.endsWith(".ps1")) {
            quote = s -> "'" + s.replace("'", "''") + "'";
        } else {
            quote = ActivationScripts::shellQuote;
        }
        return text.replace("__VENV_DIR__", quote.apply(envDir))
                .replace("__VENV_NAME__", quote.apply(envName))
                .replace("__VENV_PROMPT__", quote.apply(prompt))
                .replace("__VENV_BIN_NAME__", quote.apply(binName))
                .replace("__VENV_PYTHON__", quote.apply(envExe));
    }

    /** Python's {@code shlex.quote}. */
    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (SHELL_SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** The launcher executables venv copies as python.exe rather than installing as scripts. */
    static boolean isLauncher(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        return (f.startsWith("python") || f.startsWith("venv")) && (f.endsWith(".exe") || f.endsWith(".pdb"));
    }
}
