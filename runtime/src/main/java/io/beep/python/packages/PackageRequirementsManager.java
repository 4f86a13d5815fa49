package io.beep.python.packages;

import io.beep.python.fs.Platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Package profiles: the defaults of the design (base, data-science, machine-learning, web) and the
 * user's own, persisted in {@code ${home}/package-requirements.json}; turns profile names and
 * requirement strings into one validated, conflict-free requirement list.
 */
public final class PackageRequirementsManager {

    /** PyTorch's own indexes: CPU-only builds (small, no CUDA libraries), CUDA 12.6 and ROCm 6.4 builds. */
    public static final Map<String, String> TORCH_INDEXES = Map.of(
            "cpu", "https://download.pytorch.org/whl/cpu",
            "cuda", "https://download.pytorch.org/whl/cu126",
            "rocm", "https://download.pytorch.org/whl/rocm6.4");

    /** A profile name is a key in a JSON file and a word in log lines and the CLI's table: short and plain. */
    static final int MAX_PROFILE_NAME = 64;
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_PROFILE_NAME - 1) + "}");
    private static final Pattern BARE_VERSION = Pattern.compile("v?[0-9][A-Za-z0-9.!+_-]*");

    private final ProfileStore store;
    private final AcceleratorDetector detector;
    private final Platform platform;
    private ProfileStore.State state;

    public PackageRequirementsManager(Path home) {
        this(home, AcceleratorDetector.forThisMachine(), Platform.current());
    }

    PackageRequirementsManager(Path home, AcceleratorDetector detector, Platform platform) {
        this.store = new ProfileStore(home, defaultProfiles());
        this.detector = detector;
        this.platform = platform;
    }

    public static List<PackageProfile> defaultProfiles() {
        return List.of(
                new PackageProfile("base", "Packaging tools", List.of("pip", "setuptools", "wheel")),
                new PackageProfile("data-science", "Numerical computing and data analysis",
                        List.of("numpy", "pandas", "matplotlib", "scipy", "scikit-learn")),
                new PackageProfile("machine-learning", "Deep learning and transformer models",
                        List.of("torch", "transformers", "safetensors", "accelerate", "tokenizers"), TORCH_INDEXES),
                new PackageProfile("web", "HTTP clients, web apps and HTML parsing",
                        List.of("flask", "requests", "beautifulsoup4")));
    }

    /** (Re)reads {@code package-requirements.json}, creating it with the defaults when it is missing. */
    public synchronized void loadProfiles() {
        state = store.load();
    }

    /**
     * The profiles, read on first use: constructing the manager costs nothing, so an application
     * whose environments name no profile never parses the file at startup.
     */
    private ProfileStore.State state() {
        if (state == null) {
            loadProfiles();
        }
        return state;
    }

    public synchronized Map<String, PackageProfile> profiles() {
        return state().profiles();
    }

    public synchronized Optional<PackageProfile> profile(String name) {
        return Optional.ofNullable(state().profiles().get(name));
    }

    /** The file the profiles live in. */
    public Path profilesFile() {
        return store.file();
    }

    /**
     * Adds {@code profile}, or replaces the one with its name, and persists it. Its requirements are
     * validated first; a bad one is a {@link PackagesException} naming it.
     */
    public synchronized PackageProfile addOrUpdateProfile(PackageProfile profile) {
        if (profile.name() == null || !PROFILE_NAME.matcher(profile.name()).matches()) {
            throw new PackagesException(PackagesException.Reason.INVALID_PROFILE_NAME, profile.name(), "Invalid profile name "
                    + quoted(profile.name()) + ": use up to " + MAX_PROFILE_NAME
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit.");
        }
        profile.requirements().forEach(r -> parseFromProfile(profile.name(), r));
        state = store.update(s -> {
            Map<String, PackageProfile> next = new LinkedHashMap<>(s.profiles());
            next.put(profile.name(), profile);
            Set<String> deleted = new LinkedHashSet<>(s.deletedDefaults());
            deleted.remove(profile.name());
            return s.with(next, deleted);
        });
        return profile;
    }

    /**
     * The C# original's form: {@code packages} maps a project name to a constraint ({@code ""} for
     * any version, {@code ">=1.26"}, or a bare version meaning {@code ==}).
     */
    public PackageProfile addOrUpdateProfile(String name, Map<String, String> packages) {
        List<String> requirements = new ArrayList<>();
        packages.forEach((project, constraint) -> requirements.add(requirementText(project, constraint)));
        String description = profile(name).map(PackageProfile::description).orElse("");
        return addOrUpdateProfile(new PackageProfile(name, description, requirements));
    }

    /** Deletes the profile named {@code name}; a deleted default stays deleted until {@link #restoreDefaults()}. */
    public synchronized boolean deleteProfile(String name) {
        if (!state().profiles().containsKey(name)) {
            return false;
        }
        boolean isDefault = defaultProfiles().stream().anyMatch(p -> p.name().equals(name));
        state = store.update(s -> {
            Map<String, PackageProfile> next = new LinkedHashMap<>(s.profiles());
            next.remove(name);
            Set<String> deleted = new LinkedHashSet<>(s.deletedDefaults());
            if (isDefault) {
                deleted.add(name);
            }
            return s.with(next, deleted);
        });
        return true;
    }

    /** Puts every default profile back as shipped (edited or deleted ones included); the user's own profiles stay. */
    public synchronized void restoreDefaults() {
        state = store.update(s -> {
            Map<String, PackageProfile> next = new LinkedHashMap<>();
            defaultProfiles().forEach(p -> next.put(p.name(), p));
            s.profiles().forEach(next::putIfAbsent);
            return s.with(next, Set.of());
        });
    }

    /**
     * The requirements of {@code profileNames} followed by {@code packages}, validated and checked
     * for conflicting pins; unknown profiles and bad strings are errors naming them.
     */
    public List<Requirement> resolve(List<String> profileNames, List<String> packages) {
        return resolve(profileNames, packages, Accelerator.AUTO).requirements();
    }

    /**
     * As {@link #resolve(List, List)}, plus the extra indexes the selected profiles need for
     * {@code accelerator} (detected when {@link Accelerator#AUTO}), e.g. PyTorch's CPU index for
     * {@code machine-learning} on a machine without a GPU.
     */
    public synchronized ResolvedRequirements resolve(List<String> profileNames, List<String> packages, Accelerator accelerator) {
        List<PinConflicts.Sourced> sourced = new ArrayList<>();
        Set<String> extraIndexes = new LinkedHashSet<>();
        Accelerator chosen = null;
        for (String name : profileNames) {
            PackageProfile profile = state().profiles().get(name == null ? "" : name.strip());
            if (profile == null) {
                throw new PackagesException(PackagesException.Reason.UNKNOWN_PROFILE, name,
                        "Unknown profile '" + name + "'; known: " + String.join(", ", state().profiles().keySet())
                                + ". Add it with addOrUpdateProfile or to " + store.file() + ".");
            }
            for (String text : profile.requirements()) {
                sourced.add(new PinConflicts.Sourced(parseFromProfile(profile.name(), text), "profile '" + profile.name() + "'"));
            }
            if (!profile.acceleratorIndexes().isEmpty()) {
                chosen = chosen == null ? detector.resolve(accelerator) : chosen;
                String index = indexFor(profile, chosen);
                if (index != null) {
                    extraIndexes.add(index);
                }
            }
        }
        for (String text : packages) {
            sourced.add(new PinConflicts.Sourced(Requirement.parse(text), "packages"));
        }
        PinConflicts.check(sourced);
        Set<String> seen = new LinkedHashSet<>();
        List<Requirement> requirements = new ArrayList<>();
        for (PinConflicts.Sourced s : sourced) {
            if (seen.add(s.requirement().text())) {
                requirements.add(s.requirement());
            }
        }
        return new ResolvedRequirements(requirements, List.copyOf(extraIndexes), chosen == null ? accelerator : chosen);
    }

    /** The extra index a profile names for {@code accelerator}; none on macOS, where PyPI's builds are the right ones. */
    private String indexFor(PackageProfile profile, Accelerator accelerator) {
        if (platform.isMacos()) {
            return null;
        }
        return profile.acceleratorIndexes().get(accelerator.key());
    }

    /** A name too long to echo whole is shown by its start and its length, so the message stays one readable line. */
    private static String quoted(String name) {
        return name == null || name.length() <= MAX_PROFILE_NAME ? "'" + name + "'"
                : "'" + name.substring(0, MAX_PROFILE_NAME) + "...' (" + name.length() + " characters)";
    }

    private static Requirement parseFromProfile(String profile, String text) {
        try {
            return Requirement.parse(text);
        } catch (PackagesException e) {
            throw new PackagesException(PackagesException.Reason.INVALID_REQUIREMENT, e.input().orElse(text),
                    e.getMessage().replaceFirst("^Invalid requirement '", "Invalid requirement in profile '" + profile + "': '"), e);
        }
    }

    /** {@code numpy} + {@code ">=1.26"} → {@code numpy>=1.26}; a bare version means {@code ==}. */
    static String requirementText(String project, String constraint) {
        String c = constraint == null ? "" : constraint.strip();
        if (c.isEmpty() || c.equals("*")) {
            return project;
        }
        return BARE_VERSION.matcher(c).matches() ? project + "==" + c : project + c;
    }

}
