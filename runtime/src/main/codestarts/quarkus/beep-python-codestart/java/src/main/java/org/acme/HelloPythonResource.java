package org.acme;

import io.beep.python.PythonEnvironment;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/hello-python")
public class HelloPythonResource {

    // The environment of application.properties' beep.python.* keys: interpreter, venv, packages and warm workers.
    @Inject
    PythonEnvironment python;

    // A blocking call, so Quarkus REST runs it on a worker thread; from an event loop use workers().callAsync(...).
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello(@QueryParam("name") @DefaultValue("Quarkus") String name) {
        // "module:function" of src/main/python; arguments and result are converted to and from JSON.
        return python.workers().call("hello:greet", String.class, name);
    }
}
