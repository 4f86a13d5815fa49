package io.beep.python.deployment;

import io.beep.python.packages.PythonProject;
import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.BeepPythonRecorder;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.HotDeploymentWatchedFileBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dev mode: an edit of a project's {@code pyproject.toml} or lock restarts the application, as an edit of
 * {@code application.properties} does; the restart's bootstrap sees a new fingerprint (the files' bytes) and brings
 * the environment to the new set, while environments whose inputs did not change start warm. A restart, not the
 * source watcher's worker reload: the installed set changes, and in-process workers could not drop old modules.
 * Every lock name is watched, present or not, so that a lock made after the start counts too.
 */
class ProjectWatchProcessor {

    @BuildStep(onlyIf = { IsDevelopment.class, BeepPythonProcessor.Enabled.class })
    void watchProjectFiles(ApplicationPythonBuildItem python, PythonEnvironmentNamesBuildItem names,
            BuildProducer<HotDeploymentWatchedFileBuildItem> watched) {
        Optional<Path> applicationPython = Optional.ofNullable(python.sourceDirectory()).map(Path::of);
        Set<Path> directories = new TreeSet<>();
        applicationPython.ifPresent(directories::add);
        BeepPythonConfig config = RunTimeConfigAtBuild.read();
        for (String name : names.names()) {
            try {
                BeepPythonRecorder.options(name, config.environments().get(name), config, List.of(), List.of(), applicationPython, true)
                        .project().map(PythonProject::directory).ifPresent(directories::add);
            } catch (ConfigurationException e) {
                // The start reports it, naming the key; a fix to application.properties restarts anyway.
            }
        }
        for (Path directory : directories) {
            watched.produce(new HotDeploymentWatchedFileBuildItem(directory.resolve(PythonProject.PYPROJECT).toString(), true));
            for (String lock : PythonProject.LOCK_FILES) {
                watched.produce(new HotDeploymentWatchedFileBuildItem(directory.resolve(lock).toString(), true));
            }
        }
    }
}
