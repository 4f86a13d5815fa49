package io.beep.python.provision;

import io.beep.python.fs.Platform;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionResolutionTest {

    @TempDir
    Path home;

    final List<PythonVersion> known = List.of(PythonVersion.parse("3.12.1"), PythonVersion.parse("3.13.0"),
            PythonVersion.parse("3.13.5"), PythonVersion.parse("3.14.3"));

    @Test
    void shorterRequestsPickTheNewestMatchingVersion() {
        assertThat(VersionRequest.parse("3").orElseThrow().newestMatch(known)).contains(PythonVersion.parse("3.14.3"));
        assertThat(VersionRequest.parse("3.13").orElseThrow().newestMatch(known)).contains(PythonVersion.parse("3.13.5"));
        assertThat(VersionRequest.parse("3.13.0").orElseThrow().newestMatch(known)).contains(PythonVersion.parse("3.13.0"));
        assertThat(VersionRequest.parse("3.1").orElseThrow().newestMatch(known)).isEmpty();
    }

    @Test
    void aNewerPatchIsFoundInTheMavenMetadataAndNothingElseCounts() {
        try (io.beep.python.testing.LoopbackMavenRepository repository = io.beep.python.testing.LoopbackMavenRepository.start()) {
            PythonProvisioner provisioner = Fixtures.provisioner(home, new ProcessRunner(), home.resolve("m2"));
            PatchLookup none = provisioner.newerPatch(Fixtures.maven("3.13", repository.uri()), "3.13.5", Cancellation.none());
            // Another minor, an older patch, names that are not releases and a markup trick are no patch of 3.13.5.
            repository.serve("org/bytedeco/cpython/maven-metadata.xml", ("<metadata><versioning><versions><version>3.13.5-1.5.12</version>"
                    + "<version>3.14.9-1.5.14</version><version>3.13.4-1.5.11</version><version>3.13.99-SNAPSHOT!</version>"
                    + "<version>../../3.13.8-1</version><version>3.13.12-1.5.13</version><version>3.13.7-1.5.13</version>"
                    + "</versions></versioning></metadata>").getBytes(java.nio.charset.StandardCharsets.UTF_8));

            PatchLookup found = provisioner.newerPatch(Fixtures.maven("3.13", repository.uri()), "3.13.5", Cancellation.none());
            PatchLookup newest = provisioner.newerPatch(Fixtures.maven("3.13", repository.uri()), "3.13.12", Cancellation.none());

            assertThat(none.newer()).as("a repository without metadata has no newer patch").isEmpty();
            assertThat(found.newer()).contains("3.13.12");
            assertThat(found.releases()).contains("3.13.12-1.5.13").doesNotContain("../../3.13.8-1", "3.13.99-SNAPSHOT!");
            assertThat(newest.newer()).isEmpty();
        }
    }

    @Test
    void aNewerPatchIsFoundInTheBundledStandaloneCatalogWithoutTheNetwork() {
        List<StandaloneCatalog.Entry> manifest = List.of(
                new StandaloneCatalog.Entry("3.13.5", "linux", "x86_64", "gnu", "install_only", "20250101", "https://example.invalid/a.tar.gz", "00"),
                new StandaloneCatalog.Entry("3.13.9", "linux", "x86_64", "gnu", "install_only", "20250601", "https://example.invalid/b.tar.gz", "00"),
                new StandaloneCatalog.Entry("3.14.1", "linux", "x86_64", "gnu", "install_only", "20250601", "https://example.invalid/c.tar.gz", "00"));
        PythonProvisioner provisioner = Fixtures.provisioner(home, new ProcessRunner(), home.resolve("m2"), manifest);

        PatchLookup lookup = provisioner.newerPatch(ProvisionRequest.pythonBuildStandalone("3.13", java.util.Optional.empty()), "3.13.5",
                Cancellation.none());

        assertThat(lookup.newer()).contains("3.13.9");
        assertThat(lookup.where()).contains("python-build-standalone catalog");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(PythonVersion.parse("3.13.10")).isGreaterThan(PythonVersion.parse("3.13.9"));
    }

    @Test
    void malformedRequestsAreNotVersions() {
        assertThat(VersionRequest.parse("3.13.x")).isEmpty();
        assertThat(VersionRequest.parse("python3")).isEmpty();
        assertThat(VersionRequest.parse("3.13.5.1")).isEmpty();
        assertThat(VersionRequest.parse("")).isEmpty();
    }

    @Test
    void anUnknownVersionIsAnErrorListingWhatThisPlatformHas() {
        PythonProvisioner provisioner = Fixtures.provisioner(home, new ProcessRunner(), home.resolve("m2"));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.9"), DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.NO_DISTRIBUTION);
                    assertThat(e.input()).contains("3.9");
                })
                .hasMessageContaining("Python 3.9 is not available from distribution source 'maven' for linux-x86_64")
                .hasMessageContaining("available: 3.10.8, 3.11.3, 3.12.1, 3.13.0, 3.13.5, 3.14.3");
    }

    @Test
    void aMalformedVersionIsAnErrorNamingIt() {
        PythonProvisioner provisioner = Fixtures.provisioner(home, new ProcessRunner(), home.resolve("m2"));

        assertThatThrownBy(() -> provisioner.provision(Fixtures.maven("3.x"), DownloadListener.none(), Cancellation.none()))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.reason()).isEqualTo(ProvisioningException.Reason.INVALID_REQUEST)).hasMessageContaining("'3.x'").hasMessageContaining("3, 3.13 or 3.13.5");
    }

    @Test
    void availableVersionsComeFromTheSourceForThisPlatform() {
        PythonProvisioner provisioner = Fixtures.provisioner(home, new ProcessRunner(), home.resolve("m2"));

        assertThat(provisioner.availableVersions(DistributionSource.MAVEN)).containsExactly("3.10.8", "3.11.3", "3.12.1", "3.13.0",
                "3.13.5", "3.14.3");
        assertThat(new PythonProvisioner(home, new ProcessRunner(), null, DownloadPolicy.defaults(), Fixtures.linuxX86(),
                home.resolve("m2"), null).availableVersions(DistributionSource.PYTHON_BUILD_STANDALONE))
                .containsExactly("3.10.21", "3.11.16", "3.12.14", "3.13.15", "3.14.7");
    }

    @Test
    void muslSystemsGetNoBytedecoBuildButStandaloneOnes() {
        Platform alpine = new Platform("linux", "x86_64", true);

        assertThat(new MavenCatalog().versions(alpine)).isEmpty();
        assertThat(new StandaloneCatalog(StandaloneCatalog.bundledEntries(), Optional.empty()).versions(alpine)).isNotEmpty();
    }

    @Test
    void aMirrorReplacesTheUpstreamReleaseUrlAndKeepsTheTail() {
        StandaloneCatalog catalog = new StandaloneCatalog(StandaloneCatalog.bundledEntries(),
                Optional.of(java.net.URI.create("https://mirror.example/pbs")));

        Distribution distribution = catalog.find(PythonVersion.parse("3.13.15"), Fixtures.linuxX86()).orElseThrow();

        assertThat(((Distribution.RemoteArchive) distribution.origin()).uri().toString())
                .startsWith("https://mirror.example/pbs/20260814/cpython-3.13.15%2B20260814-x86_64-unknown-linux-gnu-install_only");
        assertThat(distribution.format()).isEqualTo(ArchiveFormat.TAR_GZ);
    }

    @Test
    void platformsNameTheBytedecoClassifiers() {
        assertThat(MavenCatalog.classifier(new Platform("macosx", "arm64", false))).isEqualTo("macosx-arm64");
        assertThat(StandaloneCatalog.os(new Platform("macosx", "arm64", false))).isEqualTo("darwin");
        assertThat(StandaloneCatalog.arch(new Platform("linux", "arm64", false))).isEqualTo("aarch64");
        assertThat(new Platform("linux", "x86_64", true).name()).isEqualTo("linux-x86_64-musl");
    }
}
