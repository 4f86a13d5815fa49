package io.beep.python.venv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wheels {@code ensurepip} would install into a new venv: the ones its {@code _bundled}
 * directory holds at the versions its {@code __init__.py} pins ({@code _PIP_VERSION}, and
 * {@code _SETUPTOOLS_VERSION} before 3.12), or the distribution's {@code WHEEL_PKG_DIR}. Seeding exactly these keeps a venv identical to what
 * {@code python -m venv} makes.
 */
final class BundledWheels {

    /** One bundled wheel file. */
    record Wheel(String project, String version, Path file) {
        String distInfo() {
            return project + "-" + version + ".dist-info";
        }
    }

    private static final Pattern WHEEL_PKG_DIR = Pattern.compile("'WHEEL_PKG_DIR':\\s*'([^']*)'");
    private static final Pattern WHEEL_NAME = Pattern.compile("^([A-Za-z0-9_.]+)-([^-]+)-.*\\.whl$");

    private BundledWheels() {
    }

    /** The wheels for {@code stdlib}, pip last (as ensurepip installs it); fails when there is no pip wheel. */
    static List<Wheel> find(Path stdlib) throws BaseInterpreter.NotRecognized {
        Path ensurepip = stdlib.resolve("ensurepip");
        Path bundled = ensurepip.resolve("_bundled");
        String init;
        try {
            init = Files.readString(ensurepip.resolve("__init__.py"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BaseInterpreter.NotRecognized("no ensurepip module at " + ensurepip);
        }
        List<String> projects = init.contains("_SETUPTOOLS_VERSION") ? List.of("setuptools", "pip") : List.of("pip");
        Optional<List<Wheel>> distribution = fromWheelPackageDirectory(stdlib, projects);
        if (distribution.isPresent()) {
            return distribution.get();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(bundled)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".whl")).sorted().toList();
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

    /**
     * Distributions that unbundle ensurepip (Debian, Ubuntu, Fedora) build CPython with
     * {@code WHEEL_PKG_DIR} (e.g. {@code /usr/share/python-wheels}); ensurepip then takes the wheels
     * from there when every project it needs is present, the last in name order winning.
     */
    private static Optional<List<Wheel>> fromWheelPackageDirectory(Path stdlib, List<String> projects) {
        Optional<Path> dir = wheelPackageDirectory(stdlib);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Wheel> found = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir.get())) {
            for (Path file : list.sorted().toList()) {
                Matcher m = WHEEL_NAME.matcher(file.getFileName().toString());
                if (m.matches() && projects.contains(m.group(1))) {
                    found.put(m.group(1), new Wheel(m.group(1), m.group(2), file));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!found.keySet().containsAll(projects)) {
            return Optional.empty();
        }
        return Optional.of(projects.stream().map(found::get).toList());
    }

    /** {@code sysconfig.get_config_var('WHEEL_PKG_DIR')}, read from the stdlib's {@code _sysconfigdata_*.py}. */
    static Optional<Path> wheelPackageDirectory(Path stdlib) {
        try (Stream<Path> list = Files.list(stdlib)) {
            for (Path data : list.filter(p -> p.getFileName().toString().startsWith("_sysconfigdata_")
                    && p.getFileName().toString().endsWith(".py")).sorted().toList()) {
                Matcher m = WHEEL_PKG_DIR.matcher(Files.readString(data, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return m.group(1).isBlank() ? Optional.empty() : Optional.of(Path.of(m.group(1))).filter(Files::isDirectory);
                }
            }
        } catch (IOException e) {
            // No readable sysconfig data: treat as not unbundled.
        }
        return Optional.empty();
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
