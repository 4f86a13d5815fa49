package io.beep.python.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code probe.py} prints about the interpreter that ran it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ProbeResult(
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
        @JsonProperty("freethreaded") boolean freethreaded) {
}
