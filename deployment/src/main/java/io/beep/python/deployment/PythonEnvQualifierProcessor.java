package io.beep.python.deployment;

import io.beep.python.PythonEnv;
import io.quarkus.arc.deployment.QualifierRegistrarBuildItem;
import io.quarkus.deployment.annotations.BuildStep;

import org.jboss.jandex.DotName;

import java.util.Map;
import java.util.Set;

/**
 * {@code @PythonEnv} carries no jakarta annotation (the API is plain Java), so it is made a
 * qualifier here. Apart from {@link BeepPythonProcessor}, whose steps all depend on
 * {@code beep.python.enabled}: this one runs whether or not Beep Python is enabled.
 */
class PythonEnvQualifierProcessor {

    private static final DotName PYTHON_ENV = DotName.createSimple(PythonEnv.class);

    @BuildStep
    QualifierRegistrarBuildItem pythonEnvQualifier() {
        return new QualifierRegistrarBuildItem(() -> Map.of(PYTHON_ENV, Set.of()));
    }
}
