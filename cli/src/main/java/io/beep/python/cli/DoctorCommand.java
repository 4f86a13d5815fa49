package io.beep.python.cli;

import io.beep.python.PythonException;
import io.beep.python.Secrets;
import io.beep.python.fs.HomeDirectory;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.Durations;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code beep-python doctor}: one line per check, each failing one saying what to do. Exit 0 when no
 * check failed (warnings allowed), 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks the home, the Maven repository and package index, the interpreters and the lock files; one line per check.")
final class DoctorCommand implements Callable<Integer> {

    /** A lock held longer than this is worth a look. */
    static final Duration LONG_HELD = Duration.ofMinutes(15);

    enum Status { OK, WARN, FAIL }

    record Check(String name, Status status, String detail, String hint) {
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    DistributionOptions distribution;

    @Option(names = "--index-url", paramLabel = "URL", description = "The package index to check (default: pip's configured one).")
    String indexUrl;

    @Option(names = "--offline", description = "Skip the network checks.")
    boolean offline;

    @Option(names = "--python", paramLabel = "V", defaultValue = "3.13", description = "The Python version environments want (default ${DEFAULT-VALUE}).")
    String python;

    /** Made when doctor runs: picocli makes every command object at start, and an HTTP client costs every command 0.5 s of CPU. */
    private HttpClient http;

    @Override
    public Integer call() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(ProxySelector.getDefault()).build();
        Output out = global.output();
        Path home = global.home();
        List<Check> checks = new ArrayList<>();
        checks.add(home(home));
        checks.addAll(interpreters(home));
        if (offline) {
            checks.add(new Check("network", Status.OK, "skipped (--offline)", ""));
        } else {
            distribution.mavenRepositories().forEach(repo -> checks.add(mavenRepository(repo)));
            checks.add(index());
        }
        checks.addAll(locks(home));
        ArrayNode list = Output.object().arrayNode();
        for (Check c : checks) {
            out.line(String.format("%-4s  %s: %s%s", c.status() == Status.OK ? "ok" : c.status().name(), c.name(), c.detail(),
                    c.hint().isEmpty() ? "" : " -> " + c.hint()));
            ObjectNode node = list.addObject();
            node.put("check", c.name());
            node.put("status", c.status().name().toLowerCase());
            node.put("detail", c.detail());
            if (!c.hint().isEmpty()) {
                node.put("hint", c.hint());
            }
        }
        boolean failed = checks.stream().anyMatch(c -> c.status() == Status.FAIL);
        ObjectNode doc = Output.object();
        doc.put("home", home.toString());
        doc.put("ok", !failed);
        doc.set("checks", list);
        out.result(doc);
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static Check home(Path home) {
        try {
            HomeDirectory.createIfAbsent(home);
            Path probe = Files.createTempFile(home, ".doctor-", ".tmp");
            Files.delete(probe);
            return new Check("home", Status.OK, home + " is writable", "");
        } catch (IOException | RuntimeException e) {
            return new Check("home", Status.FAIL, home + " is not writable (" + e.getMessage() + ")",
                    "pass --home or set BEEP_PYTHON_HOME to a writable directory");
        }
    }

    private List<Check> interpreters(Path home) {
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, new ProcessRunner());
        try {
            registry.initialize();
        } catch (PythonException e) {
            return List.of(new Check("registry", Status.FAIL, e.getMessage(), "move " + registry.registryFile() + " aside and run 'beep-python runtimes'"));
        }
        List<Check> checks = new ArrayList<>();
        List<PythonRuntimeInfo> all = registry.list();
        List<PythonRuntimeInfo> broken = all.stream().filter(r -> !r.isReady()).toList();
        long ready = all.size() - broken.size();
        checks.add(new Check("interpreters", Status.OK, ready + " ready of " + all.size() + " known (" + registry.registryFile() + ")", ""));
        for (PythonRuntimeInfo r : broken) {
            boolean managed = r.type() == PythonRuntimeType.EMBEDDED;
            checks.add(new Check("interpreter " + r.id(), managed ? Status.FAIL : Status.WARN, r.executable() + " is " + r.status()
                    + r.error().map(e -> ": " + e).orElse(""), managed ? "reinstall it with 'beep-python install " + r.minorVersion() + "'"
                            : "fix or remove it, then 'beep-python runtimes --refresh'"));
        }
        if (registry.find(python).isEmpty()) {
            checks.add(new Check("python " + python, Status.WARN, "no ready interpreter matches " + python,
                    "'beep-python install " + python + "' (or let the extension provision it at startup)"));
        } else {
            checks.add(new Check("python " + python, Status.OK, registry.find(python).get().executable().toString(), ""));
        }
        return checks;
    }

    private Check mavenRepository(URI repository) {
        URI metadata = repository.resolve("org/bytedeco/cpython/maven-metadata.xml");
        String shown = Secrets.mask(repository.toString());
        return reach("maven repository", shown, metadata, "has org.bytedeco:cpython",
                "it answers but has no org.bytedeco:cpython: point --maven-repository (BEEP_PYTHON_MAVEN_REPOSITORY) at one that proxies Maven Central",
                "check the network or proxy (-Dhttps.proxyHost), or name a reachable repository with --maven-repository");
    }

    private Check index() {
        PackageSources sources = new PackageSources(Optional.ofNullable(indexUrl), List.of(), List.of(), false);
        String index = sources.effectiveIndexUrl().orElseThrow();
        String base = index.endsWith("/") ? index : index + "/";
        return reach("package index", Secrets.mask(index), URI.create(base + "pip/"), "serves pip",
                "it answers but has no 'pip' project: is it a PEP 503 simple index?",
                "check the network, pip's index-url (pip.conf, PIP_INDEX_URL) or pass --index-url");
    }

    private Check reach(String name, String shown, URI probe, String good, String notFound, String unreachable) {
        long begin = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(10))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Check(name, Status.OK, shown + " " + good + " (" + Durations.since(begin) + ")", "");
            }
            if (status == 401 || status == 403) {
                return new Check(name, Status.FAIL, shown + " refused us (HTTP " + status + ")", "give credentials in the URL or the proxy's settings");
            }
            return new Check(name, Status.WARN, shown + " answered HTTP " + status, notFound);
        } catch (IOException | IllegalArgumentException e) {
            return new Check(name, Status.FAIL, shown + " cannot be reached (" + Secrets.mask(String.valueOf(e.getMessage())) + ")", unreachable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(name, Status.FAIL, "interrupted", unreachable);
        }
    }

    private static List<Check> locks(Path home) {
        List<InterProcessLock.Status> all = InterProcessLock.inspect(home);
        List<Check> checks = new ArrayList<>();
        Instant now = Instant.now();
        for (InterProcessLock.Status s : all) {
            switch (s.state()) {
                case STALE -> checks.add(new Check("lock " + s.name(), Status.WARN, "free, but its pid file names " + s.holder() + ", which is gone",
                        "harmless; delete " + s.file() + ".owner to tidy up"));
                case HELD -> {
                    Duration held = s.since().map(t -> Duration.between(t, now)).orElse(Duration.ZERO);
                    if (held.compareTo(LONG_HELD) > 0) {
                        checks.add(new Check("lock " + s.name(), Status.WARN, "held by " + s.holder() + " for " + Durations.human(held),
                                "if that process hangs, stop it; waiters give up after " + Durations.human(InterProcessLock.DEFAULT_WAIT_LIMIT)));
                    }
                }
                case FREE -> {
                }
            }
        }
        long held = all.stream().filter(s -> s.state() == InterProcessLock.Status.State.HELD).count();
        checks.add(0, new Check("locks", Status.OK, all.size() + " lock files, " + held + " held now"
                + (held == 0 ? "" : " (" + all.stream().filter(s -> s.state() == InterProcessLock.Status.State.HELD)
                        .map(s -> s.name() + " by " + s.holder()).collect(Collectors.joining(", ")) + ")"), ""));
        return checks;
    }
}
