package io.beep.python.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * What {@code probe.py} prints about the interpreter that ran it.
 *
 * @param pipVersion the installed pip's version, or null without pip
 * @param ensurepip  whether the standard library has {@code ensurepip} (to install pip offline)
 * @param imports    for each module asked for with {@link InterpreterProbe#describe(java.nio.file.Path, java.util.List,
 *                   io.beep.python.process.Cancellation)}: {@code ok}, {@code absent} or {@code broken: <why>}; empty otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProbeResult(
        @JsonProperty("version") String version,
        @JsonProperty("implementation") String implementation,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("executable") String executable,
        @JsonProperty("prefix") String prefix,
        @JsonProperty("base_prefix") String basePrefix,
        @JsonProperty("in_venv") boolean inVenv,
        @JsonProperty("stdlib") String stdlib,
        @JsonProperty("externally_managed") boolean externallyManaged,
        @JsonProperty("pip_version") String pipVersion,
        @JsonProperty("ensurepip") boolean ensurepip,
        @JsonProperty("freethreaded") boolean freethreaded,
        @JsonProperty("imports") Map<String, String> imports) {

    public ProbeResult {
        imports = imports == null ? Map.of() : Map.copyOf(imports);
    }

    public boolean hasPip() {
        return pipVersion != null;
    }
}
