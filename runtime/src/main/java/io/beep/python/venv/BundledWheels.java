package io.beep.python.venv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wheels {@code ensurepip} would install into a new venv: the ones its {@code _bundled}
 * directory holds at the versions its {@code __init__.py} pins ({@code _PIP_VERSION}, and
 * {@code _SETUPTOOLS_VERSION} before 3.12). Seeding exactly these keeps a venv identical to what
 * {@code python -m venv} makes.
 */
final class BundledWheels {

    /** One bundled wheel file. */
    record Wheel(String project, String version, Path file) {
        String distInfo() {
            return project + "-" + version + ".dist-info";
        }
    }

    private static final Pattern WHEEL_NAME = Pattern.compile("^([A-Za-z0-9_.]+)-([^-]+)-.*\\.whl$");

    private BundledWheels() {
    }

    /** The wheels for {@code stdlib}, pip last (as ensurepip installs it); fails when there is no pip wheel. */
    static List<Wheel> find(Path stdlib) throws BaseInterpreter.NotRecognized {
        Path ensurepip = stdlib.resolve("ensurepip");
        Path bundled = ensurepip.resolve("_bundled");
        List<Path> files;
        String init;
        try (Stream<Path> list = Files.list(bundled)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".whl")).sorted().toList();
            init = Files.readString(ensurepip.resolve("__init__.py"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BaseInterpreter.NotRecognized("no bundled wheels at " + bundled + " (ensurepip is missing or unbundled)");
        }
        List<Wheel> wheels = new ArrayList<>();
        pick(files, init, "setuptools").ifPresent(wheels::add);
        Wheel pip = pick(files, init, "pip").orElseThrow(
                () -> new BaseInterpreter.NotRecognized("no bundled pip wheel in " + bundled));
        wheels.add(pip);
        return List.copyOf(wheels);
    }

    /** The project's wheel at its pinned version; without a pin (a patched ensurepip), the newest bundled one. */
    private static Optional<Wheel> pick(List<Path> files, String init, String project) {
        Matcher pin = Pattern.compile("_" + project.toUpperCase(java.util.Locale.ROOT) + "_VERSION\\s*=\\s*[\"']([^\"']+)[\"']").matcher(init);
        Optional<String> pinned = pin.find() ? Optional.of(pin.group(1)) : Optional.empty();
        Wheel newest = null;
        for (Path file : files) {
            Matcher m = WHEEL_NAME.matcher(file.getFileName().toString());
            if (!m.matches() || !m.group(1).equalsIgnoreCase(project)) {
                continue;
            }
            Wheel wheel = new Wheel(m.group(1), m.group(2), file);
            if (pinned.isPresent()) {
                if (pinned.get().equals(wheel.version())) {
                    return Optional.of(wheel);
                }
            } else if (newest == null || compareVersions(wheel.version(), newest.version()) > 0) {
                newest = wheel;
            }
        }
        // Before 3.12, setuptools is pinned and bundled; since 3.12 it is neither: absent is fine.
        return Optional.ofNullable(newest);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? leadingNumber(x[i]) : 0;
            int q = i < y.length ? leadingNumber(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int leadingNumber(String s) {
        int n = 0;
        for (char c : s.toCharArray()) {
            if (!Character.isDigit(c)) {
                break;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
