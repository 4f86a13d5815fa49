package io.beep.python.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The embedded provisioning tests against the native executable: run by {@code -Pnative} where GraalVM or Mandrel
 * is installed (docs/native.md); the default build excludes it, as no CI machine has one yet.
 */
@QuarkusIntegrationTest
@TestProfile(EmbeddedProvisioningTest.Embedded.class)
class EmbeddedProvisioningNativeIT extends EmbeddedProvisioningTest {
}
