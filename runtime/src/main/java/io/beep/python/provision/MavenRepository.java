package io.beep.python.provision;

import java.net.URI;
import java.util.Optional;

/**
 * A Maven repository as the user's settings route it: the id whose {@code <server>} applies, the URL downloads go to
 * (a mirror's, when a mirror rule matched) and the login for it. Its text names the id and URL, never the password.
 *
 * @param id         the repository's (or its mirror's) id
 * @param url        where to download from, ending in {@code /}
 * @param login      the {@code <server>} credentials for {@code id}, if the settings have them
 * @param mirrorOf   the id of the repository this one mirrors, when a mirror rule chose it
 */
public record MavenRepository(String id, URI url, Optional<Login> login, Optional<String> mirrorOf) {

    /** A user name and password for Basic authentication; its text shows the user only. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return user + ":****";
        }
    }

    @Override
    public String toString() {
        return "'" + id + "' " + io.beep.python.Secrets.mask(url.toString()) + mirrorOf.map(m -> " (mirror of '" + m + "')").orElse("")
                + (login.isPresent() ? " (with the credentials of server '" + id + "')" : "");
    }
}
