package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.WheelBuilder;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Python projects for the project tests: the wheels a loopback index serves, a project directory with files written
 * by the test, and an in-tree PEP 517 backend (no build dependency to fetch) so that the project's own install stays
 * hermetic.
 */
final class TestProjects {

    /** alpha 1.0 (needs beta) and alpha 2.0 (the newest: a lock that pins 1.0 must not get it), gamma (extra), delta (dev), winonly. */
    static final List<WheelBuilder> WHEELS = List.of(WheelBuilder.wheel("alpha", "1.0").requires("beta"), WheelBuilder.wheel("alpha", "2.0"),
            WheelBuilder.wheel("beta", "1.0"), WheelBuilder.wheel("gamma", "1.0"), WheelBuilder.wheel("delta", "1.0"),
            WheelBuilder.wheel("winonly", "1.0"));

    /** A PEP 517 backend in the project itself: builds a wheel of {@code src/*.py} (editable: a .pth) with entry points. */
    static final String BACKEND = """
            import base64, hashlib, os, zipfile, tomllib

            def _meta():
                with open('pyproject.toml', 'rb') as f:
                    p = tomllib.load(f)['project']
                return p['name'], p['version'], p.get('scripts', {})

            def _line(path, data):
                h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
                return f"{path},sha256={h},{len(data)}"

            def _wheel(wheel_directory, files):
                name, version, scripts = _meta()
                dist = name.replace('-', '_')
                info = f"{dist}-{version}.dist-info"
                files = dict(files)
                files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n".encode()
                files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: test-backend\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
                if scripts:
                    files[f"{info}/entry_points.txt"] = ("[console_scripts]\\n" + "".join(f"{k} = {v}\\n" for k, v in scripts.items())).encode()
                record = [_line(p, d) for p, d in files.items()] + [f"{info}/RECORD,,"]
                files[f"{info}/RECORD"] = ("\\n".join(record) + "\\n").encode()
                name = f"{dist}-{version}-py3-none-any.whl"
                with zipfile.ZipFile(os.path.join(wheel_directory, name), 'w') as z:
                    for p, d in files.items():
                        z.writestr(p, d)
                return name

            def _sources():
                out = {}
                for root, _, names in os.walk('src'):
                    for n in names:
                        if n.endswith('.py'):
                            full = os.path.join(root, n)
                            with open(full, 'rb') as f:
                                out[os.path.relpath(full, 'src').replace(os.sep, '/')] = f.read()
                return out

            def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
                return _wheel(wheel_directory, _sources())

            def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
                return _wheel(wheel_directory, {'_app_editable.pth': (os.path.abspath('src') + '\\n').encode()})

            def get_requires_for_build_wheel(config_settings=None):
                return []

            def get_requires_for_build_editable(config_settings=None):
                return []
            """;

    /**
     * {@link #BACKEND} building as setuptools does, in its source tree: each build leaves {@code build/lib/} at the top and
     * {@code src/app.egg-info/} beside the sources (what {@code pip install DIR} and {@code pip install -e DIR} leave there).
     */
    static final String IN_TREE_OUTPUTS_BACKEND = BACKEND.replace("def _sources():", """
            def _leave_outputs():
                os.makedirs(os.path.join('build', 'lib'), exist_ok=True)
                with open(os.path.join('build', 'lib', 'app_mod.py'), 'w') as f:
                    f.write('# built\\n')
                os.makedirs(os.path.join('src', 'app.egg-info'), exist_ok=True)
                with open(os.path.join('src', 'app.egg-info', 'PKG-INFO'), 'w') as f:
                    f.write('Name: app\\n')

            def _sources():
                _leave_outputs()""").replace("def build_editable(wheel_directory, config_settings=None, metadata_directory=None):\n",
            "def build_editable(wheel_directory, config_settings=None, metadata_directory=None):\n    _leave_outputs()\n");

    static final String BUILD_SYSTEM = """
            [build-system]
            requires = []
            build-backend = "backend"
            backend-path = ["_build"]
            """;

    private TestProjects() {
    }

    /**
     * What a project test works with, made fresh for each test under its temporary {@code dir}: a venv of ours, a loopback
     * index serving {@link #WHEELS}, the installers with their home, the project directory (not created). {@link #close}
     * stops the index and waits until no install's rollback is left beside the venv.
     */
    static final class Workspace implements AutoCloseable {

        final Path dir;
        final LoopbackPackageIndex index;
        final PackageInstallers installers;
        final TestVenv venv;
        final Path project;

        Workspace(Path dir, ProcessRunner runner) {
            this.dir = dir;
            this.venv = TestVenv.ours(dir.resolve("venv"));
            this.index = LoopbackPackageIndex.start();
            index.add(WHEELS.toArray(WheelBuilder[]::new));
            this.installers = new PackageInstallers(dir.resolve("home"), runner);
            this.project = dir.resolve("project");
        }

        /** The project {@code p} installed into the venv with pip, from the loopback index. */
        InstallResult install(PythonProject p) {
            return installers.installProject(venv.python(), venv.sitePackages(), p, InstallerKind.PIP, sources(), Duration.ofMinutes(2),
                    Cancellation.none());
        }

        PackageSources sources() {
            return new PackageSources(Optional.of(index.url()), List.of(), List.of(), false);
        }

        /** What is installed besides the venv's seed (pip, setuptools). */
        Map<String, String> packages() {
            Map<String, String> installed = new TreeMap<>(installers.installed(venv.sitePackages()));
            installed.keySet().removeIf(n -> n.equals("pip") || n.equals("setuptools"));
            return installed;
        }

        @Override
        public void close() {
            index.close();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                try (Stream<Path> entries = Files.list(dir)) {
                    return entries.noneMatch(p -> p.getFileName().toString().startsWith(".beep-python-rollback-"));
                }
            });
        }
    }

    static String sha(String name, String version) {
        return WHEELS.stream().filter(w -> w.name().equals(name) && w.version().equals(version)).findFirst()
                .map(w -> WheelBuilder.sha256Hex(w.build())).orElseThrow();
    }

    static Path write(Path directory, String file, String content) {
        try {
            Path path = directory.resolve(file);
            Files.createDirectories(path.getParent());
            return Files.writeString(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The [project] table both project flavours share: alpha (any before 3), winonly on Windows, extra fast = gamma. */
    private static final String PROJECT_TABLE = """
            [project]
            name = "app"
            version = "0.1.0"
            requires-python = ">=3.9"
            dependencies = ["alpha<3", "winonly; sys_platform == 'win32'"]

            [project.optional-dependencies]
            fast = ["gamma"]
            """;

    /** The project the lock tests use: {@link #PROJECT_TABLE}, group dev = delta. */
    static String pyproject() {
        return PROJECT_TABLE + """

                [dependency-groups]
                dev = ["delta"]
                """;
    }

    /** A uv.lock for {@link #pyproject()} that pins alpha 1.0, written as uv writes it. */
    static String uvLock(String alphaHash) {
        return """
                version = 1
                revision = 2
                requires-python = ">=3.9"

                %s
                [[package]]
                name = "app"
                version = "0.1.0"
                source = { virtual = "." }
                dependencies = [
                    { name = "alpha" },
                    { name = "winonly", marker = "sys_platform == 'win32'" },
                ]

                [package.optional-dependencies]
                fast = [{ name = "gamma" }]

                [package.dev-dependencies]
                dev = [{ name = "delta" }]

                [package.metadata]
                requires-dist = [
                    { name = "alpha", specifier = "<3" },
                    { name = "gamma", marker = "extra == 'fast'" },
                    { name = "winonly", marker = "sys_platform == 'win32'" },
                ]
                provides-extras = ["fast"]

                [package.metadata.requires-dev]
                dev = [{ name = "delta" }]

                %s%s%s%s""".formatted(uvRegistryPackage("alpha", alphaHash, "dependencies = [{ name = \"beta\" }]\n"),
                uvRegistryPackage("beta", sha("beta", "1.0"), ""), uvRegistryPackage("delta", sha("delta", "1.0"), ""),
                uvRegistryPackage("gamma", sha("gamma", "1.0"), ""), uvRegistryPackage("winonly", sha("winonly", "1.0"), ""));
    }

    /** One registry package of {@link #uvLock} at version 1.0, its one wheel with {@code hash}. */
    private static String uvRegistryPackage(String name, String hash, String dependencies) {
        return """
                [[package]]
                name = "%s"
                version = "1.0"
                source = { registry = "http://127.0.0.1/simple" }
                %swheels = [{ url = "http://127.0.0.1/files/%s-1.0-py3-none-any.whl", hash = "sha256:%s", size = 1 }]

                """.formatted(name, dependencies, name, hash);
    }

    /** A poetry 2 project: {@link #PROJECT_TABLE}, the dev group in [tool.poetry.group]. */
    static String poetryPyproject() {
        return PROJECT_TABLE + """

                [tool.poetry]
                package-mode = false

                [tool.poetry.group.dev.dependencies]
                delta = "*"
                """;
    }

    /** A poetry.lock for {@link #poetryPyproject()}, pinning alpha 1.0. */
    static String poetryLock(String contentHash) {
        StringBuilder s = new StringBuilder("# This file is automatically @generated by Poetry 2.1.3 and should not be changed by hand.\n\n");
        for (String[] p : new String[][] {{"alpha", "1.0", "main", "beta = \"*\"\n"}, {"beta", "1.0", "main", ""}, {"delta", "1.0", "dev", ""},
                {"gamma", "1.0", "main", ""}, {"winonly", "1.0", "main", ""}}) {
            s.append("""
                    [[package]]
                    name = "%s"
                    version = "%s"
                    description = ""
                    optional = %s
                    python-versions = "*"
                    groups = ["%s"]
                    files = [
                        {file = "%s-%s-py3-none-any.whl", hash = "sha256:%s"},
                    ]
                    """.formatted(p[0], p[1], p[0].equals("gamma"), p[2], p[0], p[1], sha(p[0], p[1])));
            if (!p[3].isEmpty()) {
                s.append("\n[package.dependencies]\n").append(p[3]);
            }
            s.append('\n');
        }
        s.append("""
                [extras]
                fast = ["gamma"]

                [metadata]
                lock-version = "2.1"
                python-versions = ">=3.9"
                content-hash = "%s"
                """.formatted(contentHash));
        return s.toString();
    }

    /** Poetry's content-hash of {@code pyproject}, computed by CPython with poetry's algorithm (locker.py, poetry 2.5). */
    static String poetryHashByPython(TestVenv venv, Path pyproject) {
        String code = """
                import hashlib, json, tomllib
                with open(%s, 'rb') as f:
                    data = tomllib.load(f)
                project = data.get('project', {})
                groups = data.get('dependency-groups', {})
                poetry = data.get('tool', {}).get('poetry', {})
                legacy = ['dependencies', 'source', 'extras', 'dev-dependencies']
                rp = {k: project[k] for k in ['requires-python', 'dependencies', 'optional-dependencies'] if project.get(k) is not None}
                rpo = {}
                for key in legacy + ['group']:
                    d = poetry.get(key)
                    if d is None and (key not in legacy or rp or groups):
                        continue
                    rpo[key] = d
                rc = {}
                if rp:
                    rc['project'] = rp
                if groups:
                    rc['dependency-groups'] = groups
                if rc:
                    rc['tool'] = {'poetry': rpo}
                else:
                    rc = rpo
                print(hashlib.sha256(json.dumps(rc, sort_keys=True).encode()).hexdigest())
                """.formatted("'" + pyproject.toString().replace("\\", "\\\\").replace("'", "\\'") + "'");
        return venv.exec(code).stdout().strip();
    }

    /** A Pipfile.lock pinning alpha 1.0 and beta in "default", winonly excluded by its marker, delta in "develop". */
    static String pipfileLock() {
        return """
                {
                    "_meta": {"hash": {"sha256": "0"}, "pipfile-spec": 6, "requires": {}, "sources": []},
                    "default": {
                        "alpha": {"hashes": ["sha256:%s"], "index": "pypi", "version": "==1.0"},
                        "beta": {"hashes": ["sha256:%s"], "index": "pypi", "version": "==1.0"},
                        "winonly": {"hashes": ["sha256:%s"], "markers": "sys_platform == 'win32'", "version": "==1.0"}
                    },
                    "develop": {
                        "delta": {"hashes": ["sha256:%s"], "version": "==1.0"}
                    }
                }
                """.formatted(sha("alpha", "1.0"), sha("beta", "1.0"), sha("winonly", "1.0"), sha("delta", "1.0"));
    }
}
