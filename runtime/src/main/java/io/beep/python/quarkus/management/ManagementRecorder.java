package io.beep.python.quarkus.management;

import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Makes the handlers of the read-only management endpoint ({@code beep.python.management.enabled=true}). */
@Recorder
public class ManagementRecorder {

    public Handler<RoutingContext> handler(ManagementHandler.Document document) {
        return new ManagementHandler(document);
    }
}
