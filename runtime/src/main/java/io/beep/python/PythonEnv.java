package io.beep.python;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects a named Python environment: {@code @Inject @PythonEnv("ml") PythonEnvironment ml;}
 * configured under {@code beep.python."ml".*}.
 * <p>
 * This is a CDI qualifier. It carries no {@code jakarta} annotation so that the public API stays
 * plain Java: the extension registers it as a qualifier at build time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE })
public @interface PythonEnv {

    /** The environment's name, as it appears in {@code beep.python."NAME".*}. */
    String value();

    /** An instance of the annotation, for programmatic look-ups ({@code Instance.select(PythonEnv.Literal.of("ml"))}). */
    final class Literal implements PythonEnv {
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        public static PythonEnv of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return PythonEnv.class;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PythonEnv env && env.value().equals(value);
        }

        @Override
        public int hashCode() {
            // The hash code contract of java.lang.annotation.Annotation.
            return (127 * "value".hashCode()) ^ value.hashCode();
        }

        @Override
        public String toString() {
            return "@" + PythonEnv.class.getName() + "(\"" + value + "\")";
        }
    }
}
