package io.beep.python.provision;

import java.util.Arrays;
import java.util.Locale;

/** Where a managed CPython comes from. */
public enum DistributionSource {
    /** {@code org.bytedeco:cpython} from a Maven repository (Maven Central or its proxy). */
    MAVEN("maven"),
    /** python-build-standalone archives, from the upstream release URL or a mirror. */
    PYTHON_BUILD_STANDALONE("python-build-standalone"),
    /** One archive at a given URL with a given SHA-256. */
    URL("url");

    private final String configName;

    DistributionSource(String configName) {
        this.configName = configName;
    }

    /** The name used in {@code beep.python.distribution.source}. */
    public String configName() {
        return configName;
    }

    public static DistributionSource fromConfigName(String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown distribution source '" + name
                        + "'; known: maven, python-build-standalone, url"));
    }
}
