package io.beep.python.deployment.management;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes the read-only {@code /q/python} documents in the application's OpenAPI document, as
 * SmallRye Health's own filter does for {@code /q/health}. The schemas name the fields of
 * {@code EnvironmentView}, {@code RuntimeView} and {@code ProfileView} (docs/management.md).
 */
final class ManagementOpenApiFilter implements OASFilter {

    private static final String TAG = "Beep Python";
    private static final String REF = "#/components/schemas/";

    private final String root;

    /** @param root the non-application root path, e.g. {@code /q} */
    ManagementOpenApiFilter(String root) {
        this.root = root;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        schemas().forEach(components::addSchema);
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        openAPI.getPaths()
                .addPathItem(root + "/python", get("pythonEnvironments", "Python environments with their bootstrap status",
                        "BeepPythonEnvironments"))
                .addPathItem(root + "/python/runtimes", get("pythonRuntimes", "Python interpreters of the runtime registry",
                        "BeepPythonRuntimes"))
                .addPathItem(root + "/python/profiles", get("pythonProfiles", "Package profiles", "BeepPythonProfiles"));
    }

    private static PathItem get(String id, String summary, String schema) {
        Operation operation = OASFactory.createOperation()
                .operationId(id)
                .summary(summary)
                .description(summary + ". Read-only; credentials in URLs are masked.")
                .tags(List.of(TAG))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse()
                                .description("OK")
                                .content(OASFactory.createContent().addMediaType("application/json",
                                        OASFactory.createMediaType().schema(ref(schema))))));
        return OASFactory.createPathItem().GET(operation);
    }

    private static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        Schema strings = array(string());
        Schema stringMap = object().additionalPropertiesSchema(string());
        schemas.put("BeepPythonEnvironmentRequest", object()
                .addProperty("pythonVersion", string()).addProperty("runtime", string()).addProperty("template", string())
                .addProperty("profiles", strings).addProperty("packages", strings).addProperty("installer", string())
                .addProperty("indexUrl", string()).addProperty("extraIndexUrls", strings)
                .addProperty("offline", bool()).addProperty("venv", bool()));
        schemas.put("BeepPythonEnvironment", object()
                .addProperty("name", string())
                .addProperty("stage", string().enumeration(List.of("INITIALIZING", "INITIALIZING_REGISTRY", "LOADING_PROFILES",
                        "CHECKING_RUNTIME", "PROVISIONING_PYTHON", "REGISTERING_RUNTIME", "CREATING_VIRTUAL_ENV", "INSTALLING_PACKAGES",
                        "VERIFYING", "COMPLETE", "FAILED")))
                .addProperty("percent", integer()).addProperty("message", string()).addProperty("ready", bool())
                .addProperty("error", string()).addProperty("pythonVersion", string()).addProperty("interpreter", string())
                .addProperty("location", string()).addProperty("runtimeId", string()).addProperty("packages", stringMap)
                .addProperty("request", ref("BeepPythonEnvironmentRequest")));
        schemas.put("BeepPythonEnvironments", object().addProperty("environments", array(ref("BeepPythonEnvironment"))));
        schemas.put("BeepPythonRuntime", object()
                .addProperty("id", string()).addProperty("name", string()).addProperty("type", string()).addProperty("source", string())
                .addProperty("status", string()).addProperty("version", string()).addProperty("implementation", string())
                .addProperty("architecture", string()).addProperty("executable", string()).addProperty("externallyManaged", bool())
                .addProperty("freethreaded", bool()).addProperty("pipVersion", string()).addProperty("lastChecked", string())
                .addProperty("error", string()).addProperty("defaultRuntime", bool()));
        schemas.put("BeepPythonRuntimes", object().addProperty("defaultRuntime", string()).addProperty("registryFile", string())
                .addProperty("status", string()).addProperty("statusReason", string()).addProperty("statusRuntime", string())
                .addProperty("runtimes", array(ref("BeepPythonRuntime"))));
        schemas.put("BeepPythonProfile", object()
                .addProperty("name", string()).addProperty("description", string()).addProperty("requirements", strings)
                .addProperty("acceleratorIndexes", stringMap));
        schemas.put("BeepPythonProfiles", object().addProperty("profilesFile", string())
                .addProperty("profiles", array(ref("BeepPythonProfile"))));
        return schemas;
    }

    private static Schema object() {
        return OASFactory.createSchema().type(List.of(SchemaType.OBJECT));
    }

    private static Schema string() {
        return OASFactory.createSchema().type(List.of(SchemaType.STRING));
    }

    private static Schema integer() {
        return OASFactory.createSchema().type(List.of(SchemaType.INTEGER));
    }

    private static Schema bool() {
        return OASFactory.createSchema().type(List.of(SchemaType.BOOLEAN));
    }

    private static Schema array(Schema items) {
        return OASFactory.createSchema().type(List.of(SchemaType.ARRAY)).items(items);
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref(REF + name);
    }
}
