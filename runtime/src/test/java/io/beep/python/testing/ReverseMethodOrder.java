package io.beep.python.testing;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

import java.util.Comparator;

/**
 * Test methods by name, last first: the order a class sharing one application is least likely to have been written
 * for. Prove a class independent of its methods' order with
 * {@code -Djunit.jupiter.testmethod.order.default=io.beep.python.testing.ReverseMethodOrder}.
 */
public final class ReverseMethodOrder implements MethodOrderer {

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(Comparator.comparing((org.junit.jupiter.api.MethodDescriptor m) -> m.getMethod().getName())
                .reversed());
    }
}
