package io.beep.python.cli;

import io.beep.python.venv.VenvCollector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code beep-python gc [--dry-run]}: removes the home's managed venvs that no live process uses and no start used for
 * {@code --older-than} (the extension's {@code beep.python.gc-after}, 14 days by default), saying for each venv what
 * happened and why.
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Removes venvs under the home's venvs/ that no running application uses and none used for --older-than.")
final class GcCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Option(names = "--dry-run", description = "Only say what would be removed.")
    boolean dryRun;

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "P14D",
            description = "Unused for at least this long, as an ISO-8601 duration (default: ${DEFAULT-VALUE}, as beep.python.gc-after).")
    Duration olderThan;

    @Override
    public Integer call() {
        Output out = global.output();
        if (olderThan.isZero() || olderThan.isNegative()) {
            out.error("--older-than must be a positive duration, got " + olderThan, ExitCodes.USAGE);
            return ExitCodes.USAGE;
        }
        List<VenvCollector.Decision> decisions = new VenvCollector(global.home()).collect(olderThan, dryRun);
        ObjectNode result = Output.object();
        result.put("dryRun", dryRun);
        ArrayNode venvs = result.putArray("venvs");
        for (VenvCollector.Decision decision : decisions) {
            String verb = switch (decision.action()) {
                case REMOVED -> "removed";
                case WOULD_REMOVE -> "would remove";
                case KEPT -> "kept";
            };
            out.line(String.format("%-13s %s (%s)", verb, decision.venv(), decision.reason()));
            ObjectNode node = venvs.addObject();
            node.put("path", decision.venv().toString());
            node.put("action", decision.action().name());
            node.put("reason", decision.reason());
        }
        if (decisions.isEmpty()) {
            out.line("No venvs under " + global.home());
        }
        out.result(result);
        return ExitCodes.OK;
    }
}
