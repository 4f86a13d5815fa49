package io.beep.python.bootstrap;

import io.beep.python.fs.Digests;

/**
 * A short SHA-256 prefix of a bootstrap's inputs: names lock files and fingerprints inputs without
 * storing them (index URLs may carry secrets). Shared by the run and the baked environment.
 */
final class InputDigest {

    private InputDigest() {
    }

    static String of(String text) {
        return Digests.shortHex(text);
    }
}
