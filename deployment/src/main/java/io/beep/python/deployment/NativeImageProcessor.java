package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.EnvironmentConfig;
import io.beep.python.workers.WorkerMode;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.nativeimage.JniRuntimeAccessBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourcePatternsBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedPackageBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a native image of an application needs from the extension, registered so that a native build does not
 * find out at run time: the resources the runtime reads (its Python scripts, the python-build-standalone
 * manifest, the application's bundled Python files), the types Jackson binds by reflection, zstd-jni's JNI and
 * libraries, and the classes whose static state must be this process's (a pid, the machine's libc), not the
 * build machine's. Quarkus initialises classes at build time unless told otherwise.
 */
@BuildSteps(onlyIf = BeepPythonProcessor.Enabled.class)
public class NativeImageProcessor {

    /** The runtime's own resources, and the application's Python files as ApplicationPythonSources bundles them. */
    public static final List<String> RESOURCE_GLOBS = List.of("io/beep/python/**/*.py", "io/beep/python/**/*.json", "META-INF/beep-python/**");

    /** Records that Jackson reads or writes by reflection (management documents, the standalone manifest). */
    public static final List<String> JACKSON_BOUND = List.of(
            "io.beep.python.provision.StandaloneCatalog$Manifest",
            "io.beep.python.provision.StandaloneCatalog$Entry",
            "io.beep.python.quarkus.management.EnvironmentView",
            "io.beep.python.quarkus.management.EnvironmentView$Request",
            "io.beep.python.quarkus.management.ProfileView",
            "io.beep.python.quarkus.management.RuntimeView",
            "io.beep.python.quarkus.management.ManagementViews$EnvironmentsDocument",
            "io.beep.python.quarkus.management.ManagementViews$RuntimesDocument",
            "io.beep.python.quarkus.management.ManagementViews$ProfilesDocument");

    /** zstd-jni's classes its native code reaches back into (fields and methods), for .tar.zst archives. */
    public static final List<String> ZSTD_JNI = List.of(
            "com.github.luben.zstd.Zstd",
            "com.github.luben.zstd.ZstdException",
            "com.github.luben.zstd.ZstdInputStreamNoFinalizer",
            "com.github.luben.zstd.ZstdOutputStreamNoFinalizer",
            "com.github.luben.zstd.ZstdDirectBufferDecompressingStreamNoFinalizer",
            "com.github.luben.zstd.ZstdDirectBufferCompressingStreamNoFinalizer");

    /** Classes holding this process's facts in static state: its pid tag (ScratchOwner), the machine's libc (Platform). */
    public static final List<String> RUN_TIME_INITIALIZED = List.of(
            "io.beep.python.fs.ScratchOwner",
            "io.beep.python.fs.Platform$ThisMachine");

    @BuildStep
    void resources(BuildProducer<NativeImageResourcePatternsBuildItem> patterns) {
        NativeImageResourcePatternsBuildItem.Builder builder = NativeImageResourcePatternsBuildItem.builder();
        RESOURCE_GLOBS.forEach(builder::includeGlob);
        // zstd-jni loads its library from the jar: linux/amd64/libzstd-jni-VERSION.so and its siblings.
        builder.includeGlob("**/libzstd-jni-*");
        patterns.produce(builder.build());
    }

    @BuildStep
    void reflection(BuildProducer<ReflectiveClassBuildItem> reflective) {
        reflective.produce(ReflectiveClassBuildItem.builder(JACKSON_BOUND.toArray(String[]::new)).constructors().methods().fields()
                .reason(getClass().getName()).build());
    }

    @BuildStep
    void zstd(BuildProducer<JniRuntimeAccessBuildItem> jni, BuildProducer<RuntimeInitializedPackageBuildItem> packages) {
        jni.produce(new JniRuntimeAccessBuildItem(true, true, true, ZSTD_JNI.toArray(String[]::new)));
        // Its static initialisers load the native library: that must happen in the running image.
        packages.produce(new RuntimeInitializedPackageBuildItem("com.github.luben.zstd"));
    }

    @BuildStep
    void runTimeInitialized(BuildProducer<RuntimeInitializedClassBuildItem> classes) {
        RUN_TIME_INITIALIZED.forEach(name -> classes.produce(new RuntimeInitializedClassBuildItem(name)));
    }

    /**
     * In-process workers load CPython into a JVM through JavaCPP: a native executable has no JVM to load it into, so
     * the native build fails now, naming each environment's key, instead of at the first call in production.
     */
    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    void refuseInProcessWorkers(PythonEnvironmentNamesBuildItem names, BuildProducer<ValidationErrorBuildItem> errors) {
        BeepPythonConfig config = RunTimeConfigAtBuild.read();
        List<String> keys = new ArrayList<>();
        for (String name : names.names()) {
            EnvironmentConfig environment = config.environments().get(name);
            if (environment != null && environment.workers().mode() == WorkerMode.IN_PROCESS) {
                keys.add(BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(name) ? "beep.python.workers.mode"
                        : "beep.python.\"" + name + "\".workers.mode");
            }
        }
        if (!keys.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(new ConfigurationException(String.join(", ", keys) + " = in-process cannot work in a native image: it loads"
                    + " CPython into a JVM, and a native executable has none. Use process (the default) for a native build,"
                    + " or build a JVM application (docs/native.md).", Set.copyOf(keys))));
        }
    }
}
