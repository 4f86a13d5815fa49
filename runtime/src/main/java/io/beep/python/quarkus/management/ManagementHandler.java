package io.beep.python.quarkus.management;

import io.beep.python.Secrets;
import io.beep.python.quarkus.PythonEnvironments;
import io.quarkus.arc.Arc;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * Serves one read-only document of {@code /q/python} as JSON. Only GET and HEAD are answered;
 * every other method gets 405 with an {@code Allow} header, since nothing here may be changed
 * over HTTP. Runs on a worker thread: reading the runtimes may probe interpreters.
 */
public final class ManagementHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(ManagementHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The documents, by the path under {@code /q/python}. */
    public enum Document {
        ENVIRONMENTS("", ManagementViews::environments),
        RUNTIMES("/runtimes", ManagementViews::runtimes),
        PROFILES("/profiles", ManagementViews::profiles);

        private final String subPath;
        private final Function<PythonEnvironments, Object> view;

        Document(String subPath, Function<PythonEnvironments, Object> view) {
            this.subPath = subPath;
            this.view = view;
        }

        /** The path under the non-application root, e.g. {@code python/runtimes}. */
        public String path() {
            return "python" + subPath;
        }
    }

    private final Document document;

    public ManagementHandler(Document document) {
        this.document = document;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            context.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"error\":\"/q/" + document.path() + " is read-only: only GET and HEAD are allowed\"}");
            return;
        }
        String body;
        try {
            PythonEnvironments environments = Arc.container().instance(PythonEnvironments.class).get();
            body = JSON.writeValueAsString(document.view.apply(environments));
        } catch (JsonProcessingException | RuntimeException e) {
            String reason = Secrets.mask(e.getMessage());
            LOG.warnf("Beep Python: /q/%s failed: %s", document.path(), reason);
            context.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(errorJson(reason));
            return;
        }
        context.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    private static String errorJson(String reason) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("error", reason == null ? "internal error" : reason));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"internal error\"}";
        }
    }
}
