package io.beep.python.quarkus;

import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;
import io.beep.python.bootstrap.FailureHints;
import io.beep.python.inprocess.InProcessException;
import io.beep.python.packages.PackagesException;
import io.beep.python.packages.PythonProject;
import io.beep.python.provision.ProvisioningException;
import io.beep.python.registry.RegistryException;
import io.beep.python.venv.VenvException;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.WorkerException;

import java.util.Optional;

/**
 * Names the {@code beep.python.*} key that fixes a failure, spelled for the environment at fault
 * ({@code beep.python.timeout} for the default one, {@code beep.python."ml".timeout} for a named
 * one). The only place, with the config mapping, where the core's errors meet configuration keys.
 */
public final class ConfigKeyHints implements FailureHints {

    private static final String GLOBAL = "beep.python.";

    @Override
    public Optional<String> hint(String environment, PythonException failure) {
        String key = prefix(environment);
        if (failure instanceof PythonBootstrapException bootstrap) {
            return bootstrap.componentError().isPresent() ? hint(environment, bootstrap.componentError().get()) : bootstrap(key, bootstrap.reason());
        }
        if (failure instanceof ProvisioningException p) {
            return provisioning(key, p.reason());
        }
        if (failure instanceof RegistryException r) {
            return registry(key, r.reason());
        }
        if (failure instanceof VenvException v) {
            return v.reason() == VenvException.Reason.PATH_EXISTS ? Optional.of("Or set " + key + "venv.path to another directory.")
                    : Optional.empty();
        }
        if (failure instanceof PackagesException p) {
            return p.reason() == PackagesException.Reason.REQUIREMENTS_FILE ? fileHint(key, p) : packages(key, p.reason());
        }
        if (failure instanceof WorkerException w) {
            return Optional.ofNullable(switch (w.reason()) {
                case QUEUE_FULL -> "The limit is " + key + "workers.queue-size.";
                case MESSAGE_TOO_LARGE -> "The limit is " + key + "workers.max-message-size.";
                default -> null;
            });
        }
        if (failure instanceof InProcessException) {
            return Optional.of("Set " + key + "workers.mode=process to run the functions in worker processes, or let " + key
                    + "runtime=embedded with " + key + "distribution.source=maven provision the interpreter in-process needs.");
        }
        if (failure instanceof CallTimedOutException) {
            return Optional.of("The limit is " + key + "workers.call-timeout.");
        }
        return Optional.empty();
    }

    /** {@code beep.python.} for the default environment, {@code beep.python."ml".} for a named one. */
    public static String prefix(String environment) {
        return BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(environment) ? GLOBAL : GLOBAL + "\"" + environment + "\".";
    }

    private static Optional<String> bootstrap(String key, PythonBootstrapException.Reason reason) {
        return Optional.ofNullable(switch (reason) {
            case TIMED_OUT -> "The limit is " + key + "timeout.";
            case NO_INTERPRETER -> "Set " + key + "interpreter to one, or " + key + "runtime=auto to provision it.";
            case EXTERNALLY_MANAGED -> "Set " + key + "venv.enabled=true.";
            case VENV_PATH_OCCUPIED -> "Or set " + key + "venv.path to another directory.";
            case BROKEN_NOT_REPAIRED -> "Auto-repair is " + key + "auto-repair=true.";
            case COMPONENT_FAILED, UNEXPECTED -> null;
        });
    }

    private static Optional<String> provisioning(String key, ProvisioningException.Reason reason) {
        return Optional.ofNullable(switch (reason) {
            case NOT_IN_MAVEN -> "Set " + key + "distribution.maven-repository to a repository (or proxy) that has it.";
            case INVALID_REQUEST -> "Check " + key + "distribution.url and " + key + "distribution.sha256.";
            case MISSING_CHECKSUM -> "Set " + key + "distribution.sha256 to the archive's SHA-256.";
            case NO_DISTRIBUTION -> "Choose another " + key + "python-version or " + key + "distribution.source.";
            case INSECURE_URL -> "Use HTTPS, or allow plain HTTP with " + GLOBAL + "allow-insecure-http=true.";
            case VERSION_MISMATCH -> "Set " + key + "python-version to the archive's version, or use another archive.";
            case IO -> "Check that " + GLOBAL + "home is writable.";
            case DOWNLOAD_FAILED, CHECKSUM_MISMATCH, UNSAFE_ARCHIVE, BROKEN_INTERPRETER -> null;
        });
    }

    private static Optional<String> registry(String key, RegistryException.Reason reason) {
        return Optional.ofNullable(switch (reason) {
            case NOT_AN_INTERPRETER, BROKEN_INTERPRETER -> "Check " + key + "interpreter.";
            case NO_MATCH -> "Set " + key + "interpreter to its path, or use " + key + "runtime=auto to provision it.";
            case NEWER_SCHEMA -> "Or set " + GLOBAL + "home to another directory.";
            case INVALID_VERSION_REQUEST -> "Check " + key + "python-version.";
            case UNREADABLE_REGISTRY, UNWRITABLE_REGISTRY -> "Check that " + GLOBAL + "home is readable and writable.";
            case UNKNOWN_RUNTIME -> null;
        });
    }

    /**
     * A project's files ({@code pyproject.toml}, a lock) are the project keys' to fix, not {@code requirements-file}'s; a
     * {@code pylock.toml} may be either.
     */
    private static Optional<String> fileHint(String key, PackagesException failure) {
        String name = failure.input().map(input -> {
            int slash = Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\'));
            return input.substring(slash + 1);
        }).orElse("");
        String project = key + "project, " + key + "project-extras and " + key + "project-groups";
        if (name.equals(PythonProject.PYPROJECT) || (PythonProject.LOCK_FILES.contains(name) && !name.equals("pylock.toml"))) {
            return Optional.of("Check " + project + " (" + key + "project-lock-check=false skips the lock's drift check).");
        }
        if (name.equals("pylock.toml")) {
            return Optional.of("Check " + key + "requirements-file, or " + project + ".");
        }
        return packages(key, failure.reason());
    }

    private static Optional<String> packages(String key, PackagesException.Reason reason) {
        return Optional.ofNullable(switch (reason) {
            case UV_UNAVAILABLE -> "Or set " + key + "installer=pip to install without uv.";
            case HOME_UNWRITABLE -> "Check that " + GLOBAL + "home is writable.";
            case REQUIREMENTS_FILE -> "Check " + key + "requirements-file.";
            case UNKNOWN_PROFILE -> "Check " + key + "profiles and " + key + "template.";
            case UNKNOWN_ACCELERATOR -> "Check " + key + "accelerator.";
            case INVALID_REQUIREMENT -> "Check " + key + "packages and the profiles it uses.";
            case INVALID_PROFILE, INVALID_PROFILE_NAME, INSTALL_FAILED -> null;
        });
    }
}
