package io.beep.python.deployment.devui;

import io.beep.python.quarkus.BeepPythonBuildTimeConfig;
import io.beep.python.quarkus.devui.BeepPythonJsonRpcService;
import io.quarkus.deployment.IsLocalDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The "Beep Python" card of the Dev UI: environments with live progress (re-bootstrap, run a
 * snippet), runtimes and profiles. Dev mode only, as the JSON-RPC service it calls lives in the
 * runtime's conditional dev dependency ({@code quarkus-beep-python-dev}), absent from a packaged
 * application.
 */
@BuildSteps(onlyIf = IsLocalDevelopment.class)
class BeepPythonDevUIProcessor {

    @BuildStep
    CardPageBuildItem card(BeepPythonBuildTimeConfig config) {
        if (!config.enabled()) {
            return null;
        }
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Environments")
                .icon("font-awesome-brands:python")
                .componentLink("qwc-beep-python-environments.js")
                .dynamicLabelJsonRPCMethodName("getStatus")
                .streamingLabelJsonRPCMethodName("streamStatus"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Runtimes")
                .icon("font-awesome-solid:microchip")
                .componentLink("qwc-beep-python-runtimes.js"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Profiles")
                .icon("font-awesome-solid:box-open")
                .componentLink("qwc-beep-python-profiles.js"));
        return card;
    }

    @BuildStep
    JsonRPCProvidersBuildItem jsonRpcService(BeepPythonBuildTimeConfig config) {
        return config.enabled() ? new JsonRPCProvidersBuildItem(BeepPythonJsonRpcService.class) : null;
    }
}
