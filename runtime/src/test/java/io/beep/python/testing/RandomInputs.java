package io.beep.python.testing;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded random strings for property tests: biased towards the characters parsers care about
 * (operators, separators, quotes, path punctuation, digits), with some control and non-ASCII
 * characters. The seed is printed on failure through the test's own message, so a failing input
 * can be replayed.
 */
public final class RandomInputs {

    private static final String INTERESTING = "abcxyzABC_-.0123456789<>=!~;[](),@ \"'\\/:*#%+$&|\t\n";
    private static final String[] FRAGMENTS = {"==", ">=", "<=", "~=", "!=", "===", "<", ">", ".*", "; python_version", " and ",
            " or ", "extra == 'x'", "[a,b]", " @ ", "https://", "file:///", "..", "/", "\\", "C:", "\u0000", "é", "𝒳", "1.0",
            "1!2.0", "rc1", ".post1", ".dev0", "+local", "99999999999999999999", "3", ".13", ".5", "python/", "./"};

    private final Random random;

    public RandomInputs(long seed) {
        this.random = new Random(seed);
    }

    public String next(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int pick = random.nextInt(10);
            if (pick < 5) {
                text.append(INTERESTING.charAt(random.nextInt(INTERESTING.length())));
            } else if (pick < 9) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else {
                text.appendCodePoint(random.nextInt(0x2FFF));
            }
        }
        return text.toString();
    }

    /** {@code count} strings of up to {@code maxLength} characters. */
    public static Stream<String> strings(long seed, int count, int maxLength) {
        RandomInputs inputs = new RandomInputs(seed);
        return IntStream.range(0, count).mapToObj(i -> inputs.next(maxLength));
    }
}
