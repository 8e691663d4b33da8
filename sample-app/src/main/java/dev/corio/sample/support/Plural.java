package dev.corio.sample.support;

/** A count and its noun, in the singular for exactly one: {@code 1 comment}, {@code 2 comments}, {@code 0 fetches}. */
public final class Plural {
    private Plural() {
    }

    /** {@code n} and the noun, with {@code -s} (or {@code -es} after s, x, ch, sh) unless {@code n} is 1. */
    public static String of(long n, String singular) {
        return n + " " + (n == 1 ? singular : plural(singular));
    }

    /** {@code n} and the noun, for an irregular plural ({@code 2 stories}). */
    public static String of(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** A duration given as text ({@code "1"}, {@code "0.5"}, {@code "5"}): {@code 1 second}, else {@code seconds}. */
    public static String seconds(String amount) {
        return amount + (amount.equals("1") ? " second" : " seconds");
    }

    private static String plural(String singular) {
        if (singular.endsWith("s") || singular.endsWith("x") || singular.endsWith("ch") || singular.endsWith("sh")) {
            return singular + "es";
        }
        return singular + "s";
    }
}
