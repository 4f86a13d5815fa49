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

    /**
     * The same interpreter after its tree was renamed from {@code from} to {@code to}, as a relocatable build reports
     * itself from its new place (its prefixes follow the executable); empty when a reported path lies outside
     * {@code from}, so the caller asks the interpreter again instead of guessing.
     */
    public java.util.Optional<ProbeResult> relocated(java.nio.file.Path from, java.nio.file.Path to) {
        String[] paths = {executable, prefix, basePrefix, stdlib};
        String source = from.toString();
        String target = to.toString();
        for (int i = 0; i < paths.length; i++) {
            if (paths[i] == null) {
                continue;
            }
            if (!paths[i].equals(source) && !paths[i].startsWith(source + java.io.File.separator)) {
                return java.util.Optional.empty();
            }
            paths[i] = target + paths[i].substring(source.length());
        }
        return java.util.Optional.of(new ProbeResult(version, implementation, architecture, paths[0], paths[1], paths[2], inVenv,
                paths[3], externallyManaged, pipVersion, ensurepip, freethreaded, imports));
    }
}
