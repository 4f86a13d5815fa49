package io.beep.python.packages;

import io.beep.python.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How package sources and requirements reach an installer process without their credentials in its
 * command line, which every local user can read ({@code ps}, {@code /proc/PID/cmdline}); a process's
 * environment and a 0600 file in the run's 0700 work directory are readable by its owner only.
 * <p>
 * Index URLs always travel as variables ({@code PIP_INDEX_URL}, {@code UV_INDEX_URL}, ...), which both
 * tools read as they read their options. A find-links location or a requirement goes by variable or
 * by requirements file only when {@link Secrets} would mask something in it: a requirements file has
 * its own syntax (comments after {@code " #"}, {@code ${VAR}} expansion), so a requirement without
 * credentials keeps the meaning it has on the command line.
 *
 * @param arguments   options for the command line, free of credentials
 * @param environment variables to set for the process
 */
record InstallerSources(List<String> arguments, Map<String, String> environment) {

    InstallerSources {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }

    /**
     * pip's options for {@code sources}; nothing for unset values, so pip's own configuration applies. pip adds the
     * values of a list option given on its command line to those of its configuration and {@code PIP_*} variables;
     * a variable replaces them, so the variable carries the configured values too ({@code configured}).
     */
    static InstallerSources pip(PackageSources sources, PipConfiguration configured) {
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (sources.offline()) {
            args.add("--no-index");
        } else {
            sources.indexUrl().ifPresent(url -> env.put("PIP_INDEX_URL", url));
            if (!sources.extraIndexUrls().isEmpty()) {
                List<String> extra = new ArrayList<>(configured.list("extra-index-url"));
                extra.addAll(sources.extraIndexUrls());
                env.put("PIP_EXTRA_INDEX_URL", String.join(" ", extra));
            }
        }
        List<String> secretLinks = new ArrayList<>();
        for (String link : usableFindLinks(sources)) {
            if (carriesSecret(link)) {
                secretLinks.add(link);
            } else {
                args.addAll(List.of("--find-links", link));
            }
        }
        if (!secretLinks.isEmpty()) {
            List<String> links = new ArrayList<>(configured.list("find-links"));
            links.addAll(secretLinks);
            env.put("PIP_FIND_LINKS", String.join(" ", links));
        }
        return new InstallerSources(args, env);
    }

    /**
     * uv's options for {@code sources}, on top of pip's configuration as {@code UV_*} variables ({@code fromPip}); offline
     * adds {@code --offline} so uv never touches the network. For uv an option or variable replaces the configured value.
     */
    static InstallerSources uv(PackageSources sources, Map<String, String> fromPip) {
        return uv(sources, fromPip, name -> false);
    }

    /**
     * As {@link #uv(PackageSources, Map)}, leaving to the user what their own environment sets ({@code userSet}): an
     * option on uv's command line would override their {@code UV_INDEX_STRATEGY}.
     */
    static InstallerSources uv(PackageSources sources, Map<String, String> fromPip, java.util.function.Predicate<String> userSet) {
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>(fromPip);
        if (sources.offline()) {
            env.keySet().removeIf(k -> k.equals("UV_INDEX_URL") || k.equals("UV_EXTRA_INDEX_URL"));
            env.entrySet().removeIf(e -> e.getKey().equals("UV_FIND_LINKS") && e.getValue().matches("(?i).*https?://.*"));
            args.addAll(List.of("--offline", "--no-index"));
        } else {
            sources.indexUrl().ifPresent(url -> env.put("UV_INDEX_URL", url));
            if (!sources.extraIndexUrls().isEmpty()) {
                env.put("UV_EXTRA_INDEX_URL", String.join(" ", sources.extraIndexUrls()));
            }
            if (env.containsKey("UV_EXTRA_INDEX_URL") && !userSet.test("UV_INDEX_STRATEGY")) {
                // pip picks the best version across all indexes; uv by default stops at the first index that has the
                // project. Match pip, so both installers give the same result for the same configuration.
                args.addAll(List.of("--index-strategy", "unsafe-best-match"));
            }
        }
        List<String> links = usableFindLinks(sources);
        if (links.stream().anyMatch(InstallerSources::carriesSecret)) {
            // uv takes its command line's --find-links or the variable, not both: all of them go by the variable then.
            env.put("UV_FIND_LINKS", String.join(",", links));
        } else {
            links.forEach(link -> args.addAll(List.of("--find-links", link)));
        }
        return new InstallerSources(args, env);
    }

    /**
     * {@code arguments} for an installer's command line: requirements that carry credentials are written to a
     * requirements file (0600) in {@code workDirectory}, the run's own, deleted with it, and replaced by
     * {@code -r FILE}; the other arguments stay as they are.
     */
    static List<String> requirementArguments(List<String> arguments, Path workDirectory) {
        List<String> args = new ArrayList<>();
        List<String> secret = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("-")) {
                args.add(argument);
                if (i + 1 < arguments.size()) {
                    args.add(arguments.get(++i)); // the option's value (-r FILE): a path, not a requirement
                }
            } else if (carriesSecret(argument)) {
                secret.add(argument);
            } else {
                args.add(argument);
            }
        }
        if (secret.isEmpty()) {
            return arguments;
        }
        try {
            // A temporary file is created 0600 on POSIX systems, before anything is written into it.
            Path file = Files.createTempFile(workDirectory, "requirements-", ".txt");
            Files.write(file, secret);
            args.addAll(List.of("-r", file.toString()));
            return args;
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, workDirectory.toString(),
                    "Cannot write the requirements file for the installer in " + workDirectory + ": " + e.getMessage() + ".", e);
        }
    }

    private static List<String> usableFindLinks(PackageSources sources) {
        // Offline means no network at all: pip would still fetch a find-links URL under --no-index.
        return sources.findLinks().stream().filter(link -> !sources.offline() || !link.matches("(?i)https?://.*")).toList();
    }

    private static boolean carriesSecret(String text) {
        return !Secrets.mask(text).equals(text);
    }
}
