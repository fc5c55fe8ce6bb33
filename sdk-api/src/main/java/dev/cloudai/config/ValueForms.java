package dev.cloudai.config;

import dev.cloudai.internal.util.Durations;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How each {@link ConfigKeys.Type} reads a value: the checks of the types without a range, each giving the reason a
 * value is refused (or {@code null}), and the parsers of the ranged ones into one comparable quantity. Kept out of
 * {@link ConfigKeys} so that file holds the declarations.
 */
final class ValueForms {
    static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:\\d{1,5}");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,30}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,30}(\\.\\d{0,30})?|\\.\\d{1,30})([eE][+-]?\\d{1,4})?");

    private ValueForms() {
    }

    static String text(String value) {
        return value.isEmpty() ? "is empty" : null;
    }

    static String providerId(String value) {
        return PROVIDER_ID.matcher(value).matches() ? null : "is not a provider id; use a lower-case id such as aws, gcp or azure";
    }

    static String providerList(String value) {
        List<String> ids = Arrays.stream(value.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty()) return "is empty; list provider ids separated by commas, for example aws,gcp";
        List<String> bad = ids.stream().filter(id -> !PROVIDER_ID.matcher(id).matches()).toList();
        if (!bad.isEmpty()) return "has entries that are not provider ids: " + bad;
        return ids.size() != Set.copyOf(ids).size() ? "names a provider twice" : null;
    }

    static String url(String value) {
        return isHttpUrl(value) ? null : "is not an http:// or https:// URL with a host";
    }

    static String hostPortOrUrl(String value) {
        return isHttpUrl(value) || HOST_PORT.matcher(value).matches() ? null
                : "is neither host:port nor an http:// or https:// URL";
    }

    static String file(String value) {
        return Files.isRegularFile(Path.of(value)) && Files.isReadable(Path.of(value)) ? null
                : "is not a readable file; check the path (relative paths start at " + Path.of("").toAbsolutePath() + ")";
    }

    static String directory(String value) {
        try {
            return Files.isRegularFile(Path.of(value)) ? "is a file, not a directory" : null;
        } catch (java.nio.file.InvalidPathException e) {
            return "is not a valid path: " + e.getReason();
        }
    }

    static String bool(String value) {
        return value.equals("true") || value.equals("false") ? null : "is neither true nor false";
    }

    static Optional<BigDecimal> whole(String text) {
        return WHOLE.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    static Optional<BigDecimal> decimal(String text) {
        return DECIMAL.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    /** A duration in nanoseconds, so durations compare as numbers. */
    static Optional<BigDecimal> duration(String text) {
        return Durations.parse(text).map(ValueForms::nanos);
    }

    static BigDecimal nanos(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(d.getNano()));
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI u = new URI(value);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
