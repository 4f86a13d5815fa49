package io.beep.python;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text that may reach a log, an exception message or health data: the
 * user-info part of URLs ({@code https://user:token@host/} becomes {@code https://***@host/}) and
 * the values of query parameters that carry tokens.
 */
public final class Secrets {

    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s\"']+@");
    private static final Pattern TOKEN_PARAMETER = Pattern.compile(
            "(?i)([?&](?:token|access_token|api[_-]?key|key|password|secret|sig|signature|x-amz-signature|x-amz-credential)=)[^&\\s\"']+");

    private Secrets() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("$1***@");
        return TOKEN_PARAMETER.matcher(masked).replaceAll("$1***");
    }
}
