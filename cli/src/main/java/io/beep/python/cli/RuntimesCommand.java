package io.beep.python.cli;

import io.beep.python.bootstrap.RuntimeUpdates;
import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.PatchLookup;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code beep-python runtimes}: the interpreters the registry knows, as {@code runtimes.json} has them. */
@Command(name = "runtimes", mixinStandardHelpOptions = true,
        description = "Lists the Python interpreters found on this machine and the managed ones (runtimes.json); '*' marks the pinned default.")
final class RuntimesCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Option(names = "--refresh", description = "Discover and probe every interpreter again, ignoring the cached descriptions.")
    boolean refresh;

    @Option(names = "--upgrade", description = "Look for a newer patch of each managed interpreter's minor in the distribution source and"
            + " install it beside the one in use; applications switch to it at their next start.")
    boolean upgrade;

    @Option(names = "--dry-run", description = "With --upgrade: only say which newer patches the source has; install nothing.")
    boolean dryRun;

    @Mixin
    DistributionOptions distribution;

    @Override
    public Integer call() {
        Output out = global.output();
        if (dryRun && !upgrade) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--dry-run goes with --upgrade");
        }
        ProcessRunner runner = new ProcessRunner();
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(global.home(), runner);
        if (refresh) {
            registry.refresh();
        } else {
            registry.initialize();
        }
        if (upgrade) {
            return upgrade(out, registry, runner);
        }
        String defaultId = registry.getDefaultRuntime().map(PythonRuntimeInfo::id).orElse(null);
        List<PythonRuntimeInfo> runtimes = registry.list().stream()
                .sorted(Comparator.comparing((PythonRuntimeInfo r) -> r.type().ordinal()).thenComparing(PythonRuntimeInfo::id)).toList();
        if (out.json()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            runtimes.forEach(r -> list.add(json(r, r.id().equals(defaultId))));
            ObjectNode doc = Output.object();
            doc.put("registry", registry.registryFile().toString());
            doc.set("runtimes", list);
            out.result(doc);
            return ExitCodes.OK;
        }
        if (runtimes.isEmpty()) {
            out.line("No Python interpreter found. Install one with: beep-python install 3.13");
            return ExitCodes.OK;
        }
        for (PythonRuntimeInfo r : runtimes) {
            out.line(String.format("%s %-22s %-9s %-9s %-7s %s%s", r.id().equals(defaultId) ? "*" : " ", r.id(), r.version(),
                    r.type().name().toLowerCase(), r.source(), r.executable(), r.isReady() ? "" : "  [" + r.status() + ": "
                            + r.error().orElse("?") + "]"));
        }
        return ExitCodes.OK;
    }

    /** {@code --upgrade [--dry-run]}: one line (or JSON entry) per managed interpreter; exit 1 when an upgrade failed. */
    private int upgrade(Output out, PythonRuntimeRegistry registry, ProcessRunner runner) {
        RuntimeUpdates updates = new RuntimeUpdates(global.home(), new PythonProvisioner(global.home(), runner), registry);
        List<PythonRuntimeInfo> managed = registry.list().stream().filter(RuntimeUpdates::updatable)
                .sorted(Comparator.comparing(PythonRuntimeInfo::id)).toList();
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        boolean failed = false;
        for (PythonRuntimeInfo runtime : managed) {
            ObjectNode node = list.addObject();
            node.put("id", runtime.id());
            node.put("current", runtime.version());
            if (dryRun) {
                PatchLookup lookup = updates.check(distribution.request(runtime.minorVersion()), runtime, Interruption.cancellation())
                        .orElseThrow();
                lookup.newer().ifPresent(v -> node.put("newer", v));
                node.put("where", lookup.where());
                out.line(runtime.id() + " " + runtime.version() + lookup.newer().map(v -> " -> " + v + " (dry run: nothing installed)")
                        .orElse(" is the newest patch") + " [" + lookup.where() + "]");
                continue;
            }
            RuntimeUpdates.Result result = updates.update(distribution.request(runtime.minorVersion()), runtime, (done, total) -> { },
                    Interruption.cancellation());
            result.lookup().flatMap(PatchLookup::newer).ifPresent(v -> node.put("newer", v));
            if (result.provisioned().isPresent()) {
                try {
                    updates.release(result.provisioned().get()); // asked for explicitly: usable by the next start at once
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("Cannot release " + result.provisioned().get().installDir(), e);
                }
            }
            result.provisioned().ifPresent(python -> {
                node.put("installed", python.executable().toString());
                node.put("runtimeId", registry.registerManagedRuntime("CPython " + python.version() + " (managed)", PythonRuntimeType.EMBEDDED,
                        python.executable(), python.description()).id());
            });
            result.failure().ifPresent(f -> node.put("error", f));
            failed |= result.failure().isPresent();
            out.line(runtime.id() + " " + result.reason());
        }
        if (managed.isEmpty()) {
            out.line("No managed interpreter to upgrade: install one with: beep-python install 3.13");
        }
        ObjectNode doc = Output.object();
        doc.put("dryRun", dryRun);
        doc.set("upgrades", list);
        out.result(doc);
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    static ObjectNode json(PythonRuntimeInfo r, boolean isDefault) {
        ObjectNode node = Output.object();
        node.put("id", r.id());
        node.put("name", r.name());
        node.put("version", r.version());
        node.put("implementation", r.implementation());
        node.put("architecture", r.architecture());
        node.put("type", r.type().name());
        node.put("source", r.source());
        node.put("status", r.status().name());
        node.put("executable", r.executable().toString());
        node.put("default", isDefault);
        node.put("selectable", r.selectable());
        node.put("freethreaded", r.freethreaded());
        node.put("externallyManaged", r.externallyManaged());
        r.pipVersion().ifPresent(v -> node.put("pipVersion", v));
        r.error().ifPresent(e -> node.put("error", e));
        return node;
    }
}
