package io.beep.python;

import java.util.regex.Pattern;

/**
 * Masks credentials in text that may reach a log, an exception message or health data: the
 * user-info part of URLs ({@code https://user:token@host/} becomes {@code https://***@host/}) and
 * the values of query parameters that carry tokens.
 * <p>
 * The user-info part is found by one left-to-right scan, not a regular expression: the pattern
 * {@code [a-zA-Z][a-zA-Z0-9+.-]*://[^/@\s"']+@} backtracks from every start, so a long run of letters
 * (a hostile requirement) took quadratic time, minutes for 100,000 characters. The scan masks exactly
 * what that pattern's replacement masked.
 */
public final class Secrets {

    private static final Pattern TOKEN_PARAMETER = Pattern.compile(
            "(?i)([?&](?:token|access_token|api[_-]?key|key|password|secret|sig|signature|x-amz-signature|x-amz-credential)=)[^&\\s\"']+");

    private Secrets() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        // Linear: each start position is tried once and at most one further option is checked from it; the bounded
        // alternation and the greedy run without a suffix cannot backtrack.
        return TOKEN_PARAMETER.matcher(maskUserInfo(text)).replaceAll("$1***");
    }

    /**
     * {@code scheme://user-info@} becomes {@code scheme://***@}. A scheme is a letter followed by scheme characters
     * right before {@code ://}; as ':' is not a scheme character, every letter of one run of scheme characters
     * reaches the same {@code ://} or none, so a failed run is skipped whole, and each character is read a bounded
     * number of times.
     */
    private static String maskUserInfo(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            if (!isLetter(text.charAt(i))) {
                i++;
                continue;
            }
            int schemeEnd = i + 1;
            while (schemeEnd < length && isSchemeChar(text.charAt(schemeEnd))) {
                schemeEnd++;
            }
            int at = -1;
            if (text.startsWith("://", schemeEnd)) {
                int userInfoEnd = schemeEnd + 3;
                while (userInfoEnd < length && isUserInfoChar(text.charAt(userInfoEnd))) {
                    userInfoEnd++;
                }
                if (userInfoEnd > schemeEnd + 3 && userInfoEnd < length && text.charAt(userInfoEnd) == '@') {
                    at = userInfoEnd;
                }
            }
            if (at < 0) {
                i = schemeEnd; // not a letter or scheme character: no match starts there, nor anywhere in the run
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length);
            }
            out.append(text, copied, schemeEnd + 3).append("***@");
            copied = at + 1;
            i = copied;
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSchemeChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    /** Not '/', '@', a quote, or what {@code \s} matches ({@code [ \t\n\x0B\f\r]}). */
    private static boolean isUserInfoChar(char c) {
        return c != '/' && c != '@' && c != '"' && c != '\'' && c != ' ' && c != '\t' && c != '\n' && c != '\u000B' && c != '\f'
                && c != '\r';
    }
}
