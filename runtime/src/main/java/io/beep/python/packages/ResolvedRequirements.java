package io.beep.python.packages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Requirements ready for an installer, with the extra indexes the selected profiles need.
 *
 * @param requirements    validated, de-duplicated, free of conflicting pins
 * @param extraIndexUrls  indexes to add for the accelerator (e.g. PyTorch's CPU index); often empty
 * @param accelerator     the accelerator the indexes were chosen for (detected when AUTO was asked)
 */
public record ResolvedRequirements(List<Requirement> requirements, List<String> extraIndexUrls, Accelerator accelerator) {

    public ResolvedRequirements {
        requirements = List.copyOf(requirements);
        extraIndexUrls = List.copyOf(extraIndexUrls);
    }

    /** {@code sources} with {@link #extraIndexUrls()} added (ahead of the user's extra indexes). */
    public PackageSources applyTo(PackageSources sources) {
        if (extraIndexUrls.isEmpty()) {
            return sources;
        }
        LinkedHashSet<String> extras = new LinkedHashSet<>(extraIndexUrls);
        extras.addAll(sources.extraIndexUrls());
        return new PackageSources(sources.indexUrl(), new ArrayList<>(extras), sources.findLinks(), sources.offline());
    }
}
