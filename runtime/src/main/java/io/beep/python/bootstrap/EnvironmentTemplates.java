package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ready-made bootstrap options: {@code minimal}, {@code data-science}, {@code machine-learning},
 * {@code web-development} and {@code full-stack}, each a list of package profiles. For any other
 * combination, use {@link BootstrapOptions#builder()}.
 */
public final class EnvironmentTemplates {

    private record Template(String description, List<String> profiles) {
    }

    private static final Map<String, Template> TEMPLATES = new LinkedHashMap<>();

    static {
        TEMPLATES.put("minimal", new Template("Packaging tools only (base)", List.of("base")));
        TEMPLATES.put("data-science", new Template("numpy, pandas, matplotlib, scipy, scikit-learn", List.of("data-science")));
        TEMPLATES.put("machine-learning",
                new Template("torch, transformers, safetensors, accelerate, tokenizers", List.of("machine-learning")));
        TEMPLATES.put("web-development", new Template("flask, requests, beautifulsoup4 (web)", List.of("web")));
        TEMPLATES.put("full-stack",
                new Template("data-science and machine-learning together", List.of("data-science", "machine-learning")));
    }

    public static final BootstrapOptions MINIMAL = get("minimal");
    public static final BootstrapOptions DATA_SCIENCE = get("data-science");
    public static final BootstrapOptions MACHINE_LEARNING = get("machine-learning");
    public static final BootstrapOptions WEB_DEVELOPMENT = get("web-development");
    public static final BootstrapOptions FULL_STACK = get("full-stack");

    private EnvironmentTemplates() {
    }

    /** Options for template {@code name}; an unknown name is an error listing the known ones. */
    public static BootstrapOptions get(String name) {
        profilesOf(name);
        return BootstrapOptions.builder().template(name).build();
    }

    /** The profiles a template stands for. */
    public static List<String> profilesOf(String name) {
        Template template = TEMPLATES.get(name);
        if (template == null) {
            throw new PythonBootstrapException(BootstrapStage.LOADING_PROFILES, name,
                    "Unknown template '" + name + "'; known: " + String.join(", ", TEMPLATES.keySet()));
        }
        return template.profiles();
    }

    public static List<String> available() {
        return List.copyOf(TEMPLATES.keySet());
    }

    public static Map<String, String> descriptions() {
        Map<String, String> result = new LinkedHashMap<>();
        TEMPLATES.forEach((name, template) -> result.put(name, template.description()));
        return result;
    }
}
