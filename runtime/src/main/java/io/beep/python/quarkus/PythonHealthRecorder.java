package io.beep.python.quarkus;

import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.annotations.Recorder;

import java.util.function.Function;

/** Creates the health checks; a recorder of its own so that apps without SmallRye Health never load the check class. */
@Recorder
public class PythonHealthRecorder {

    public Function<SyntheticCreationalContext<PythonHealthCheck>, PythonHealthCheck> healthCheck(String name) {
        return context -> new PythonHealthCheck(context.getInjectedReference(PythonEnvironments.class).get(name));
    }
}
