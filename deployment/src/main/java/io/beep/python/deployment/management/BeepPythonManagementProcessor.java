package io.beep.python.deployment.management;

import io.beep.python.quarkus.BeepPythonBuildTimeConfig;
import io.beep.python.quarkus.management.ManagementHandler.Document;
import io.beep.python.quarkus.management.ManagementRecorder;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.smallrye.openapi.deployment.spi.AddToOpenAPIDefinitionBuildItem;
import io.quarkus.vertx.http.deployment.spi.RouteBuildItem;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.function.BooleanSupplier;

/**
 * The opt-in, read-only JSON endpoint {@code /q/python}, {@code /q/python/runtimes} and
 * {@code /q/python/profiles} ({@code beep.python.management.enabled=true}), as a management route:
 * under the non-application root path, on the management interface when that is enabled (as the
 * health and metrics endpoints). Its OpenAPI description is added when the application has
 * SmallRye OpenAPI.
 */
@BuildSteps(onlyIf = BeepPythonManagementProcessor.ManagementEnabled.class)
class BeepPythonManagementProcessor {

    /** {@code beep.python.enabled} and {@code beep.python.management.enabled}. */
    static final class ManagementEnabled implements BooleanSupplier {
        private final BeepPythonBuildTimeConfig config;

        ManagementEnabled(BeepPythonBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled() && config.managementEnabled();
        }
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void routes(Capabilities capabilities, ManagementRecorder recorder, BuildProducer<RouteBuildItem> routes) {
        if (capabilities.isMissing(Capability.VERTX_HTTP)) {
            return;
        }
        for (Document document : Document.values()) {
            routes.produce(RouteBuildItem.newManagementRoute(document.path())
                    .withRequestHandler(recorder.handler(document))
                    .asBlockingRoute()
                    .displayOnNotFoundPage("Beep Python " + document.name().toLowerCase())
                    .build());
        }
    }

    @BuildStep
    AddToOpenAPIDefinitionBuildItem openApi(Capabilities capabilities) {
        if (capabilities.isMissing(Capability.VERTX_HTTP) || capabilities.isMissing(Capability.SMALLRYE_OPENAPI)) {
            return null;
        }
        return new AddToOpenAPIDefinitionBuildItem(new ManagementOpenApiFilter(nonApplicationRoot()));
    }

    /** {@code /q} unless {@code quarkus.http.non-application-root-path} or {@code quarkus.http.root-path} move it. */
    static String nonApplicationRoot() {
        var config = ConfigProvider.getConfig();
        String root = config.getOptionalValue("quarkus.http.root-path", String.class).orElse("/");
        String nonApplication = config.getOptionalValue("quarkus.http.non-application-root-path", String.class).orElse("q");
        String path = nonApplication.startsWith("/") ? nonApplication : (root.endsWith("/") ? root : root + "/") + nonApplication;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
