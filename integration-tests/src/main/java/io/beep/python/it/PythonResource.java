package io.beep.python.it;

import io.beep.python.EnvironmentStatus;
import io.beep.python.InstallResult;
import io.beep.python.ProcessResult;
import io.beep.python.PythonEnv;
import io.beep.python.PythonEnvironment;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo application: each endpoint uses an injected {@link PythonEnvironment}, the default one
 * or a named one ({@code /python/ENV/...}), looked up by name so that one resource serves them all.
 */
@Path("/python")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PythonResource {

    @Inject
    @Any
    Instance<PythonEnvironment> environments;

    /** Where the default environment stands; never waits. */
    @GET
    public Map<String, Object> status() {
        return describe(environment("default"));
    }

    @GET
    @Path("/{env}")
    public Map<String, Object> status(@PathParam("env") String env) {
        return describe(environment(env));
    }

    /** Runs {@code python -c CODE} in the environment (waits for it to be ready). */
    @GET
    @Path("/{env}/exec")
    public ProcessResult exec(@PathParam("env") String env, @QueryParam("code") String code) {
        return environment(env).exec(code);
    }

    /** Calls {@code greeting:hello} (src/main/python/greeting.py) in a warm worker of the environment. */
    @GET
    @Path("/{env}/greeting")
    public JsonNode greeting(@PathParam("env") String env, @QueryParam("name") String name) {
        return environment(env).workers().call("greeting:hello", name);
    }

    @GET
    @Path("/{env}/packages")
    public Map<String, String> packages(@PathParam("env") String env) {
        return new TreeMap<>(environment(env).installedPackages());
    }

    @POST
    @Path("/{env}/install")
    @Consumes(MediaType.APPLICATION_JSON)
    public InstallResult install(@PathParam("env") String env, List<String> requirements) {
        return environment(env).install(requirements.toArray(String[]::new));
    }

    private PythonEnvironment environment(String name) {
        Instance<PythonEnvironment> selected = environments.select(PythonEnv.Literal.of(name));
        if (!selected.isResolvable()) {
            throw new NotFoundException("No Python environment named '" + name + "'");
        }
        return selected.get();
    }

    private static Map<String, Object> describe(PythonEnvironment environment) {
        EnvironmentStatus status = environment.status();
        Map<String, Object> result = new TreeMap<>();
        result.put("name", environment.name());
        result.put("stage", status.stage());
        result.put("percent", status.percent());
        result.put("message", status.message());
        status.error().ifPresent(error -> result.put("error", error));
        if (environment.isReady()) {
            result.put("pythonVersion", environment.pythonVersion());
            result.put("interpreter", environment.interpreter().toString());
        }
        return result;
    }
}
