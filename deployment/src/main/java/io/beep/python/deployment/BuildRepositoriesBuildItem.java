package io.beep.python.deployment;

import io.quarkus.builder.item.SimpleBuildItem;

import java.util.List;

/** The remote Maven repositories the application's own build resolves from (mirrors applied). */
public final class BuildRepositoriesBuildItem extends SimpleBuildItem {

    private final List<String> urls;

    public BuildRepositoriesBuildItem(List<String> urls) {
        this.urls = List.copyOf(urls);
    }

    public List<String> urls() {
        return urls;
    }
}
