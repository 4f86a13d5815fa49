package io.beep.python.quarkus;

import io.beep.python.bootstrap.RuntimeMode;
import io.beep.python.provision.DistributionSource;
import io.beep.python.workers.WorkerMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the configuration alone tells about {@code workers.mode=in-process} (issue 31): CPython can be loaded into the
 * JVM only from the provisioned {@code org.bytedeco:cpython} build (its bindings are on the class path), and only once
 * per JVM. Whatever the configuration cannot decide (the provisioned version, another interpreter already loaded) the
 * engine refuses when the environment becomes ready, and {@link ConfigKeyHints} names the key there.
 */
final class InProcessChecks {

    private static final String NEEDS = "=in-process loads CPython into the JVM, which only the provisioned org.bytedeco:cpython"
            + " interpreter (distribution.source=maven, or its baked copy) can be";

    private InProcessChecks() {
    }

    /** One environment's settings that rule in-process out, key to message; none in process mode. */
    static Map<String, String> problems(String key, EnvironmentConfig env) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (env.workers().mode() != WorkerMode.IN_PROCESS) {
            return problems;
        }
        String mode = key + "workers.mode";
        String instead = ": set " + mode + "=process to run the functions in worker processes with this interpreter";
        env.interpreter().ifPresent(path -> problems.put(mode, mode + NEEDS + ", but " + key + "interpreter names " + path
                + " (an interpreter of this machine, built without the JVM bindings)" + instead + ", or remove " + key + "interpreter"));
        if (env.interpreter().isEmpty() && env.runtime() == RuntimeMode.SYSTEM) {
            problems.put(mode, mode + NEEDS + ", but " + key + "runtime=system never uses it (it takes an interpreter of this"
                    + " machine, built without the JVM bindings)" + instead + ", or set " + key + "runtime=embedded");
        }
        if (env.distribution().source() != DistributionSource.MAVEN && !problems.containsKey(mode)) {
            problems.put(mode, mode + NEEDS + ", but " + key + "distribution.source=" + env.distribution().source().configName()
                    + " provisions another build of CPython" + instead + ", or set " + key + "distribution.source=maven");
        }
        return problems;
    }

    /**
     * CPython is loaded once per JVM and serves one environment's {@code sys.path}: a second environment in-process
     * would see the first one's packages and modules, so two asking for it fail the start together, both named.
     */
    static Optional<Map<String, String>> oneEnvironment(BeepPythonConfig beep, List<String> names) {
        List<String> inProcess = names.stream().filter(name -> beep.environments().get(name) != null
                && beep.environments().get(name).workers().mode() == WorkerMode.IN_PROCESS).toList();
        if (inProcess.size() < 2) {
            return Optional.empty();
        }
        Map<String, String> problems = new LinkedHashMap<>();
        String keys = String.join(" and ", inProcess.stream().map(name -> ConfigKeyHints.prefix(name) + "workers.mode=in-process").toList());
        String message = "Only one Python environment per JVM can run in-process (CPython is loaded once and serves one sys.path),"
                + " but " + keys + " ask for it for environments " + String.join(" and ", inProcess.stream().map(n -> "'" + n + "'").toList())
                + ": set all but one of them to process";
        inProcess.forEach(name -> problems.put(ConfigKeyHints.prefix(name) + "workers.mode", message));
        return Optional.of(problems);
    }

    /**
     * In-process, {@code runtime=auto} means the managed interpreter: an interpreter found on the machine could never be
     * loaded into the JVM, so auto must not pick one only to be refused when the environment is ready.
     */
    static RuntimeMode runtime(EnvironmentConfig env) {
        return env.workers().mode() == WorkerMode.IN_PROCESS && env.runtime() == RuntimeMode.AUTO ? RuntimeMode.EMBEDDED : env.runtime();
    }
}
