package io.beep.python.provision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalMavenRepositoryTest {

    @TempDir
    Path userHome;

    @Test
    void settingsXmlLocalRepositoryIsReadWithUserHomeExpanded() throws Exception {
        Path settings = Files.writeString(userHome.resolve("settings.xml"), """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${user.home}/caches/m2</localRepository>
                </settings>
                """);

        assertThat(MavenSettings.localRepository(settings, userHome)).contains(userHome.resolve("caches/m2"));
    }

    @Test
    void settingsWithoutLocalRepositoryOrBrokenOnesAreIgnored() throws Exception {
        Path plain = Files.writeString(userHome.resolve("plain.xml"), "<settings><offline>true</offline></settings>");
        Path broken = Files.writeString(userHome.resolve("broken.xml"), "<settings><localRepository>");
        Path hostile = Files.writeString(userHome.resolve("hostile.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE settings [<!ENTITY home SYSTEM "file:///etc/hostname">]>
                <settings><localRepository>&home;</localRepository></settings>
                """);

        assertThat(MavenSettings.localRepository(plain, userHome)).isEmpty();
        assertThat(MavenSettings.localRepository(broken, userHome)).isEmpty();
        assertThat(MavenSettings.localRepository(hostile, userHome)).isEmpty();
        assertThat(MavenSettings.localRepository(userHome.resolve("missing.xml"), userHome)).isEmpty();
    }

    @Test
    void theMavenRepoLocalPropertyWins() {
        // Surefire passes the build's own local repository this way.
        assertThat(LocalMavenRepository.locate().toString()).isEqualTo(System.getProperty("maven.repo.local"));
    }
}
