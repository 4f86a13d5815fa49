package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The run-time configuration of Beep Python as the build sees it: baking needs the packages and
 * version each environment will ask for at run time, and those are run-time keys, which Quarkus
 * does not map at build time. The same mapping ({@link BeepPythonConfig}) is built here over the
 * build's {@code beep.python.*} values, so build and run time read the keys alike.
 */
final class RunTimeConfigAtBuild {

    private static final String PREFIX = "beep.python.";

    private RunTimeConfigAtBuild() {
    }

    static BeepPythonConfig read() {
        SmallRyeConfig build = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        Map<String, String> values = new HashMap<>();
        for (String name : build.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                build.getOptionalValue(name, String.class).ifPresent(value -> values.put(name, value));
            }
        }
        return of(values);
    }

    /** The mapping over {@code values} ({@code beep.python.*} keys) and the defaults. */
    static BeepPythonConfig of(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withSources(new PropertiesConfigSource(values, "beep.python keys of the build", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(BeepPythonConfig.class)
                .withValidateUnknown(false)
                .build()
                .getConfigMapping(BeepPythonConfig.class);
    }
}
