package io.beep.python.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The whole of {@code runtimes.json}.
 *
 * @param schemaVersion  {@code 1.0}; a file with a newer one is refused and left untouched
 * @param defaultRuntime the id chosen with {@link PythonRuntimeRegistry#setDefaultRuntime(String)}, if any
 * @param runtimes       every known interpreter
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "schemaVersion", "defaultRuntime", "runtimes" })
record RuntimesDocument(String schemaVersion, String defaultRuntime, List<RuntimeEntry> runtimes) {

    static final String SCHEMA_VERSION = "1.0";
}
