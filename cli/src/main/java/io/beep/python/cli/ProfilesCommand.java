package io.beep.python.cli;

import io.beep.python.packages.PackageProfile;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.packages.PackagesException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code beep-python profiles list|show|add|remove}: the package profiles of {@code package-requirements.json}. */
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "Package profiles (package-requirements.json).",
        subcommands = {ProfilesCommand.ListProfiles.class, ProfilesCommand.Show.class, ProfilesCommand.Add.class, ProfilesCommand.Remove.class})
final class ProfilesCommand implements Runnable {

    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static ObjectNode json(PackageProfile profile) {
        ObjectNode node = Output.object();
        node.put("name", profile.name());
        node.put("description", profile.description());
        ArrayNode requirements = node.putArray("requirements");
        profile.requirements().forEach(requirements::add);
        if (!profile.acceleratorIndexes().isEmpty()) {
            node.putPOJO("acceleratorIndexes", profile.acceleratorIndexes());
        }
        return node;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the profiles.")
    static final class ListProfiles implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            Output out = global.output();
            PackageRequirementsManager manager = new PackageRequirementsManager(global.home());
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            manager.profiles().values().forEach(p -> {
                list.add(json(p));
                out.line(String.format("%-18s %2d  %s", p.name(), p.requirements().size(), p.description()));
            });
            ObjectNode doc = Output.object();
            doc.put("file", manager.profilesFile().toString());
            doc.set("profiles", list);
            out.result(doc);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one profile's requirements.")
    static final class Show implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Output out = global.output();
            PackageRequirementsManager manager = new PackageRequirementsManager(global.home());
            PackageProfile profile = manager.profile(name).orElseThrow(() -> unknown(manager, name));
            out.result(json(profile));
            out.line(profile.name() + ": " + profile.description());
            profile.requirements().forEach(r -> out.line("  " + r));
            profile.acceleratorIndexes().forEach((device, index) -> out.line("  index for " + device + ": " + index));
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a profile, or replaces the one with this name.")
    static final class Add implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SPEC", description = "PEP 508 requirements, e.g. 'httpx>=0.27'.")
        List<String> requirements;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the profile is for.")
        String description;

        @Override
        public Integer call() {
            Output out = global.output();
            PackageRequirementsManager manager = new PackageRequirementsManager(global.home());
            String text = description != null ? description : manager.profile(name).map(PackageProfile::description).orElse("");
            PackageProfile added = manager.addOrUpdateProfile(new PackageProfile(name, text, requirements));
            out.result(json(added));
            out.line("Saved profile '" + added.name() + "' (" + added.requirements().size() + " requirements) in " + manager.profilesFile());
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a profile (a default one stays removed).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Output out = global.output();
            PackageRequirementsManager manager = new PackageRequirementsManager(global.home());
            if (!manager.deleteProfile(name)) {
                throw unknown(manager, name);
            }
            ObjectNode doc = Output.object();
            doc.put("removed", name);
            out.result(doc);
            out.line("Removed profile '" + name + "'");
            return ExitCodes.OK;
        }
    }

    static PackagesException unknown(PackageRequirementsManager manager, String name) {
        return new PackagesException(PackagesException.Reason.UNKNOWN_PROFILE, name, "Unknown profile '" + name + "'; known: "
                + String.join(", ", manager.profiles().keySet()));
    }
}
