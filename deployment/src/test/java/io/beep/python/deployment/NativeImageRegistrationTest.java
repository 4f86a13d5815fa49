package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.builder.BuildChainBuilder;
import io.quarkus.builder.BuildContext;
import io.quarkus.builder.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.JniRuntimeAccessBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourcePatternsBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedPackageBuildItem;
import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The native-image registrations, read from the build items the application's build produced (not from the
 * processor's source): each named class exists, each resource the runtime reads matches a registered pattern, and
 * the classes holding a pid or the machine's libc are initialised at run time. The build writes what it saw to a
 * file, because the build and the test run in different class loaders.
 */
class NativeImageRegistrationTest {

    /** A fixed place: the build's class loader and the test's each load this class, so a temp file's name would differ. */
    private static final Path SEEN = Path.of("target", "native-image-build-items.txt");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("native"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.startup", "lazy")
            .addBuildChainCustomizer(capture());

    private static Consumer<BuildChainBuilder> capture() {
        return chain -> chain.addBuildStep(new BuildStep() {
            @Override
            public void execute(BuildContext context) {
                List<String> lines = new ArrayList<>();
                context.consumeMulti(ReflectiveClassBuildItem.class).forEach(i -> i.getClassNames().forEach(n -> lines.add("reflective " + n)));
                context.consumeMulti(NativeImageResourcePatternsBuildItem.class).forEach(i -> i.getIncludePatterns().forEach(p -> lines.add("resource " + p)));
                context.consumeMulti(JniRuntimeAccessBuildItem.class).forEach(i -> i.getClassNames().forEach(n -> lines.add("jni " + n)));
                context.consumeMulti(RuntimeInitializedClassBuildItem.class).forEach(i -> lines.add("runtime-class " + i.getClassName()));
                context.consumeMulti(RuntimeInitializedPackageBuildItem.class).forEach(i -> lines.add("runtime-package " + i.getPackageName()));
                try {
                    Files.write(SEEN, lines);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                context.produce(new FeatureBuildItem("beep-python-native-capture"));
            }
        }).consumes(ReflectiveClassBuildItem.class).consumes(NativeImageResourcePatternsBuildItem.class).consumes(JniRuntimeAccessBuildItem.class)
                .consumes(RuntimeInitializedClassBuildItem.class).consumes(RuntimeInitializedPackageBuildItem.class)
                .produces(FeatureBuildItem.class).build();
    }

    private static List<String> seen(String kind) throws IOException {
        return Files.readAllLines(SEEN).stream().filter(l -> l.startsWith(kind + " ")).map(l -> l.substring(kind.length() + 1)).toList();
    }

    @Test
    void theResourcesTheRuntimeReadsAreRegistered() throws IOException {
        List<Pattern> patterns = seen("resource").stream().map(Pattern::compile).toList();
        for (String resource : List.of("io/beep/python/workers/worker.py", "io/beep/python/registry/probe.py",
                "io/beep/python/provision/python-build-standalone.json", "META-INF/beep-python/app/model/score.py",
                "linux/amd64/libzstd-jni-1.5.7-28.so")) {
            assertThat(patterns).as(resource).anyMatch(p -> p.matcher(resource).matches());
            if (!resource.startsWith("META-INF/beep-python/app/")) {
                assertThat(getClass().getClassLoader().getResource(resource)).as("%s exists, so the pattern is not stale", resource).isNotNull();
            }
        }
    }

    @Test
    void theTypesJacksonBindsAreRegisteredForReflectionAndExist() throws Exception {
        List<String> reflective = seen("reflective");
        assertThat(reflective).containsAll(NativeImageProcessor.JACKSON_BOUND);
        for (String name : NativeImageProcessor.JACKSON_BOUND) {
            assertThat(Class.forName(name, false, getClass().getClassLoader()).isRecord()).as(name).isTrue();
        }
    }

    @Test
    void zstdJniIsReachableByJniAndInitialisedAtRunTime() throws Exception {
        assertThat(seen("jni")).containsAll(NativeImageProcessor.ZSTD_JNI);
        for (String name : NativeImageProcessor.ZSTD_JNI) {
            Class.forName(name, false, getClass().getClassLoader());
        }
        assertThat(seen("runtime-package")).contains("com.github.luben.zstd");
    }

    @Test
    void classesHoldingThisProcesssFactsAreInitialisedAtRunTime() throws Exception {
        assertThat(seen("runtime-class")).contains("io.beep.python.fs.ScratchOwner", "io.beep.python.fs.Platform$ThisMachine");
        for (String name : NativeImageProcessor.RUN_TIME_INITIALIZED) {
            Class.forName(name, false, getClass().getClassLoader());
        }
    }
}
