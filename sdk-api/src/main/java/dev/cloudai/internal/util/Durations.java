package dev.cloudai.internal.util;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses configuration durations: ISO-8601 ({@code PT0.5S}) and the short forms {@code 500ms}, {@code 2s},
 * {@code 5m}, {@code 1h}, {@code 7d} (a day is 24 hours). Not API: may change without notice.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration, or empty when {@code text} is neither form or is negative. */
    public static Optional<Duration> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) return Optional.empty();
        // Exact decimal arithmetic: a double would round 99999999999h, or overflow a long of nanoseconds, silently.
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(switch (m.group(2)) {
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> BigDecimal.valueOf(86_400_000_000_000L);
        }).setScale(0, RoundingMode.HALF_UP);
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        if (secondsAndNanos[0].compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return Optional.empty();
        return Optional.of(Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact()));
    }

    /** A short, readable form: {@code 500ms}, {@code 2s}, {@code 1m30s}. */
    public static String format(Duration d) {
        long ms = toMillisSaturated(d);
        if (ms < 1000 || ms % 1000 != 0 && ms != Long.MAX_VALUE) return ms + "ms";
        long s = d.getSeconds();
        if (s < 60) return s + "s";
        return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }

    /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} where that overflows (0 for a negative one). */
    public static long toNanosSaturated(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    /**
     * {@code d} in milliseconds, {@link Long#MAX_VALUE} where that overflows: a server may ask for any wait, and
     * {@link Duration#toMillis()} throws past about 292 million years.
     */
    public static long toMillisSaturated(Duration d) {
        try {
            return Math.max(0, d.toMillis());
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
