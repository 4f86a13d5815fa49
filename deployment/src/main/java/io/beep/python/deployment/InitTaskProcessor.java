package io.beep.python.deployment;

import io.beep.python.quarkus.BeepPythonRecorder;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ApplicationInfoBuildItem;
import io.quarkus.deployment.builditem.InitTaskBuildItem;
import io.quarkus.deployment.builditem.InitTaskCompletedBuildItem;

import java.util.Map;

/**
 * The init task, as the Flyway and Liquibase extensions have one: a run with
 * {@code quarkus.init-and-exit=true} prepares every environment and exits (0, or non-zero with the
 * error). With {@code quarkus-kubernetes} the generated manifests carry it as a Job
 * ({@code <app>-python-init}) that shares the application's environment and volumes, and an init
 * container in the application's pod that waits for that Job.
 */
@BuildSteps(onlyIf = BeepPythonProcessor.Enabled.class)
class InitTaskProcessor {

    static final String TASK = "python";

    @BuildStep
    InitTaskBuildItem initTask(ApplicationInfoBuildItem app) {
        return InitTaskBuildItem.create()
                .withName(app.getName() + "-" + TASK + "-init")
                .withTaskEnvVars(Map.of("QUARKUS_INIT_AND_EXIT", "true"))
                .withSharedEnvironment(true)
                .withSharedFilesystem(true);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    InitTaskCompletedBuildItem prepareEnvironments(BeepPythonRecorder recorder) {
        recorder.prepareForInitAndExit();
        return new InitTaskCompletedBuildItem(TASK);
    }
}
