package io.beep.python.cli;

import io.beep.python.process.ProcessRunner;
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

    @Override
    public Integer call() {
        Output out = global.output();
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(global.home(), new ProcessRunner());
        if (refresh) {
            registry.refresh();
        } else {
            registry.initialize();
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
