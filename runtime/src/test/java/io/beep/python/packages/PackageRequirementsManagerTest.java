package io.beep.python.packages;

import io.beep.python.fs.Platform;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageRequirementsManagerTest {

    @TempDir
    Path home;

    @Test
    void firstUseWritesTheDefaultsWithASchemaVersion() throws Exception {
        var manager = new PackageRequirementsManager(home);
        assertThat(manager.profiles()).containsOnlyKeys("base", "data-science", "machine-learning", "web");
        var json = new ObjectMapper().readTree(home.resolve("package-requirements.json").toFile());
        assertThat(json.get("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(json.get("profiles")).hasSize(4);
    }

    @Test
    void resolvesProfilesThenPackagesWithoutDuplicates() {
        var manager = new PackageRequirementsManager(home);
        List<Requirement> resolved = manager.resolve(List.of("base", "web"), List.of("requests>=2.31", "pip"));
        assertThat(resolved).extracting(Requirement::text)
                .containsExactly("pip", "setuptools", "wheel", "flask", "requests", "beautifulsoup4", "requests>=2.31");
    }

    @Test
    void unknownProfileListsTheKnownOnes() {
        var manager = new PackageRequirementsManager(home);
        assertThatThrownBy(() -> manager.resolve(List.of("dat-science"), List.of()))
                .isInstanceOfSatisfying(PackagesException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PackagesException.Reason.UNKNOWN_PROFILE);
                    assertThat(e.input()).contains("dat-science");
                })
                .hasMessageContaining("Unknown profile 'dat-science'; known: base, data-science, machine-learning, web");
    }

    @Test
    void aBadPackageIsAnErrorNamingIt() {
        var manager = new PackageRequirementsManager(home);
        assertThatThrownBy(() -> manager.resolve(List.of(), List.of("flask", "numpy>=")))
                .isInstanceOfSatisfying(PackagesException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_REQUIREMENT);
                    assertThat(e.input()).contains("numpy>=");
                });
    }

    @Test
    void conflictingPinsAcrossProfilesAndPackagesAreReportedBeforeInstalling() {
        var manager = new PackageRequirementsManager(home);
        manager.addOrUpdateProfile(new PackageProfile("pinned", "", List.of("numpy==1.26.4")));
        assertThatThrownBy(() -> manager.resolve(List.of("data-science", "pinned"), List.of("numpy>=2")))
                .isInstanceOfSatisfying(PackagesException.class, e -> assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_REQUIREMENT))
                .hasMessageContaining("'numpy==1.26.4' (profile 'pinned')").hasMessageContaining("'numpy>=2' (packages)");
        assertThatThrownBy(() -> manager.resolve(List.of(), List.of("x>=2", "x<1.5"))).hasMessageContaining("Conflicting requirements for 'x'");
        assertThatThrownBy(() -> manager.resolve(List.of(), List.of("x==1.0", "X==2.0"))).hasMessageContaining("pin different versions");
        assertThat(manager.resolve(List.of(), List.of("x>=1", "x<2", "x==1.5", "x!=1.4", "x~=1.2"))).hasSize(5);
        assertThat(manager.resolve(List.of(), List.of("x==1.0; os_name == 'nt'", "x==2.0; os_name == 'posix'"))).hasSize(2);
    }

    @Test
    void profilesAreAddedUpdatedAndDeletedDurably() {
        var manager = new PackageRequirementsManager(home);
        manager.addOrUpdateProfile("api", Map.of("fastapi", ">=0.110", "uvicorn", "0.30.1", "pydantic", ""));
        assertThat(new PackageRequirementsManager(home).profile("api").orElseThrow().requirements())
                .containsExactlyInAnyOrder("fastapi>=0.110", "uvicorn==0.30.1", "pydantic");
        manager.addOrUpdateProfile(new PackageProfile("api", "HTTP APIs", List.of("fastapi")));
        assertThat(new PackageRequirementsManager(home).profile("api").orElseThrow().requirements()).containsExactly("fastapi");
        assertThat(manager.deleteProfile("api")).isTrue();
        assertThat(manager.deleteProfile("api")).isFalse();
        assertThat(new PackageRequirementsManager(home).profile("api")).isEmpty();
    }

    @Test
    void invalidProfileContentIsRejectedAndNothingIsWritten() throws Exception {
        var manager = new PackageRequirementsManager(home);
        manager.loadProfiles();
        String before = Files.readString(manager.profilesFile());
        assertThatThrownBy(() -> manager.addOrUpdateProfile(new PackageProfile("bad", "", List.of("ok", "not valid!"))))
                .isInstanceOfSatisfying(PackagesException.class, e -> assertThat(e.input()).contains("not valid!"))
                .hasMessageContaining("profile 'bad'");
        assertThatThrownBy(() -> manager.addOrUpdateProfile(new PackageProfile("../evil", "", List.of("ok"))))
                .hasMessageContaining("Invalid profile name");
        assertThat(Files.readString(manager.profilesFile())).isEqualTo(before);
    }

    @Test
    void aProfileNameIsPlainAndShortAndABadOneIsTheCallersErrorNamingIt() throws Exception {
        var manager = new PackageRequirementsManager(home);
        manager.loadProfiles();
        String before = Files.readString(manager.profilesFile());
        assertThatThrownBy(() -> manager.addOrUpdateProfile(new PackageProfile("../x", "", List.of("six"))))
                .isInstanceOfSatisfying(PackagesException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_PROFILE_NAME);
                    assertThat(e.input()).contains("../x");
                })
                .hasMessageContaining("'../x'");
        String huge = "p".repeat(5000);
        assertThatThrownBy(() -> manager.addOrUpdateProfile(new PackageProfile(huge, "", List.of("six"))))
                .isInstanceOfSatisfying(PackagesException.class, e -> assertThat(e.reason())
                        .isEqualTo(PackagesException.Reason.INVALID_PROFILE_NAME))
                .hasMessageContaining("5000 characters").hasMessageContaining("up to 64")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThat(Files.readString(manager.profilesFile())).isEqualTo(before);

        String longest = "p".repeat(64);
        manager.addOrUpdateProfile(new PackageProfile(longest, "", List.of("six")));
        assertThat(manager.profile(longest)).isPresent();
    }

    @Test
    void userEditsSurviveUpgradesAndUntouchedDefaultsFollowThem() throws Exception {
        var manager = new PackageRequirementsManager(home);
        manager.addOrUpdateProfile(new PackageProfile("web", "mine", List.of("flask==3.0.3")));
        // Simulate a file written by an older version whose shipped data-science profile was smaller.
        Path file = manager.profilesFile();
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(file.toFile());
        var old = new PackageProfile("data-science", "old", List.of("numpy"));
        for (var node : json.withArray("profiles")) {
            if (node.get("name").asText().equals("data-science")) {
                var o = (com.fasterxml.jackson.databind.node.ObjectNode) node;
                o.put("description", "old");
                o.putArray("requirements").add("numpy");
                o.put("shipped", ProfileStore.fingerprint(old));
            }
        }
        Files.writeString(file, json.toPrettyString());
        var upgraded = new PackageRequirementsManager(home);
        assertThat(upgraded.profile("web").orElseThrow().requirements()).containsExactly("flask==3.0.3");
        assertThat(upgraded.profile("data-science").orElseThrow().requirements()).contains("numpy", "pandas", "scikit-learn");
    }

    @Test
    void handEditedDefaultsAreKeptAndDefaultsCanBeRestored() throws Exception {
        var manager = new PackageRequirementsManager(home);
        manager.loadProfiles();
        Path file = manager.profilesFile();
        Files.writeString(file, Files.readString(file).replace("\"beautifulsoup4\"", "\"beautifulsoup4==4.12.3\""));
        var reloaded = new PackageRequirementsManager(home);
        assertThat(reloaded.profile("web").orElseThrow().requirements()).contains("beautifulsoup4==4.12.3");
        reloaded.deleteProfile("base");
        reloaded.addOrUpdateProfile(new PackageProfile("mine", "", List.of("six")));
        assertThat(new PackageRequirementsManager(home).profile("base")).isEmpty();
        reloaded.restoreDefaults();
        var restored = new PackageRequirementsManager(home);
        assertThat(restored.profile("web").orElseThrow().requirements()).contains("beautifulsoup4");
        assertThat(restored.profile("base")).isPresent();
        assertThat(restored.profile("mine")).isPresent();
    }

    @Test
    void readsTheCSharpOriginalsLayout() throws Exception {
        Files.writeString(home.resolve("package-requirements.json"), """
                {"SchemaVersion": "1.0", "Profiles": {"ocr": {"Description": "OCR", "Packages": {"pytesseract": "0.3.10", "pillow": ">=10"}}}}
                """);
        var manager = new PackageRequirementsManager(home);
        assertThat(manager.profile("ocr").orElseThrow().requirements()).containsExactly("pytesseract==0.3.10", "pillow>=10");
        assertThat(manager.profiles()).containsKeys("base", "web", "ocr");
    }

    @Test
    void constructingTheManagerReadsNothingAndABrokenFileIsAnErrorNamingItOnFirstUse() throws Exception {
        Files.writeString(home.resolve("package-requirements.json"), "{ not json");
        assertThatThrownBy(() -> new PackageRequirementsManager(home).profiles())
                .isInstanceOfSatisfying(PackagesException.class, e -> assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_PROFILE))
                .hasMessageContaining("package-requirements.json").hasMessageContaining("delete the file");
    }

    @Test
    void aProfilesFileFromANewerSchemaIsRefusedNamingItAndLeftUntouched() throws Exception {
        String future = "{\"schemaVersion\": \"2.0\", \"profiles\": {\"base\": {\"packages\": [\"pip\"]}}, \"newField\": 1}";
        Path file = Files.writeString(home.resolve("package-requirements.json"), future);
        assertThatThrownBy(() -> new PackageRequirementsManager(home).profiles())
                .isInstanceOf(PackagesException.class).hasMessageContaining(file.toString()).hasMessageContaining("schemaVersion 2.0");
        assertThat(file).hasContent(future);
    }

    @Test
    void machineLearningPicksTheTorchIndexForTheAccelerator(@TempDir Path root) throws Exception {
        var cpu = new PackageRequirementsManager(home, new AcceleratorDetector(root, ""), new Platform("linux", "x86_64", false));
        var resolved = cpu.resolve(List.of("machine-learning"), List.of(), Accelerator.AUTO);
        assertThat(resolved.accelerator()).isEqualTo(Accelerator.CPU);
        assertThat(resolved.extraIndexUrls()).containsExactly("https://download.pytorch.org/whl/cpu");
        assertThat(cpu.resolve(List.of("machine-learning"), List.of(), Accelerator.CUDA).extraIndexUrls())
                .containsExactly("https://download.pytorch.org/whl/cu126");
        assertThat(cpu.resolve(List.of("web"), List.of(), Accelerator.AUTO).extraIndexUrls()).isEmpty();

        Files.createDirectories(root.resolve("opt/rocm"));
        assertThat(new AcceleratorDetector(root, "").detect()).isEqualTo(Accelerator.ROCM);
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        Path smi = Files.writeString(bin.resolve("nvidia-smi"), "#!/bin/sh\n");
        smi.toFile().setExecutable(true);
        assertThat(new AcceleratorDetector(root, bin.toString()).detect()).isEqualTo(Accelerator.CUDA);
        Files.createDirectories(root.resolve("proc/driver/nvidia"));
        assertThat(new AcceleratorDetector(root, "").detect()).isEqualTo(Accelerator.CUDA);

        var sources = resolved.applyTo(new PackageSources(java.util.Optional.empty(), List.of("https://mirror/simple"), List.of(), false));
        assertThat(sources.extraIndexUrls()).containsExactly("https://download.pytorch.org/whl/cpu", "https://mirror/simple");
        assertThat(new PackageRequirementsManager(home, new AcceleratorDetector(root, ""), new Platform("macosx", "arm64", false))
                .resolve(List.of("machine-learning"), List.of(), Accelerator.CPU).extraIndexUrls()).isEmpty();
        assertThatThrownBy(() -> Accelerator.parse("tpu")).hasMessageContaining("Unknown accelerator 'tpu'; known: auto, cpu, cuda, rocm");
    }
}
