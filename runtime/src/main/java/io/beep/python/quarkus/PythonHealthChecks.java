package io.beep.python.quarkus;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.api.HealthType;
import io.smallrye.health.registry.HealthRegistries;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import java.util.List;

/**
 * Registers one readiness and one startup check {@code python:NAME} per environment.
 * <p>
 * This class enters the application only through a {@code HealthBuildItem}, so
 * {@code quarkus.smallrye-health.extensions.enabled=false} and
 * {@code mp.health.disable-default-procedures=true} turn the checks off as they do every other
 * extension's. A {@code HealthBuildItem} names one bean class, and a health check bean has one
 * name, while the environments and their names are only known from configuration: so this bean
 * registers a {@link PythonHealthCheck} per environment in SmallRye Health's registries (the same
 * registries {@code /q/health} reads) instead of being a check itself.
 */
@Singleton
public class PythonHealthChecks {

    /** Registered before the environments start, so that a blocking startup is already visible as DOWN. */
    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, PythonEnvironments environments) {
        environments.all().values().forEach(environment -> {
            PythonHealthCheck check = new PythonHealthCheck(environment);
            registries().forEach(registry -> registry.register(id(environment.name()), check));
        });
    }

    /** The registries outlive the application in dev mode: a reload must not find the old checks. */
    void unregister(@Observes ShutdownEvent event, PythonEnvironments environments) {
        environments.all().keySet().forEach(name -> registries().forEach(registry -> registry.remove(id(name))));
    }

    private static List<HealthRegistry> registries() {
        return List.of(HealthRegistries.getRegistry(HealthType.READINESS), HealthRegistries.getRegistry(HealthType.STARTUP));
    }

    private static String id(String environment) {
        return "python:" + environment;
    }
}
