package dev.cloudai.internal.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The plain CSV the SDK's data files use (the accelerator catalog, its reference table, the price table): UTF-8, an
 * optional byte-order mark, blank lines and {@code #} comments skipped, a header that must be exactly the expected
 * one, and fields without commas or quotes. Every failure names the source and the line. Not API.
 *
 * <pre>{@code
 * CsvLines.forEach(in, "prices.csv", HEADER, (line, cells) -> rows.add(parse(line, cells)));
 * }</pre>
 */
public final class CsvLines {
    /** What to do with one data row: its 1-based line number and its cells, as many as the header has columns. */
    @FunctionalInterface
    public interface RowAction {
        void accept(int line, String[] cells);
    }

    private CsvLines() {
    }

    /**
     * Reads {@code in} to its end, handing each data row to {@code action}.
     *
     * @throws IllegalArgumentException naming {@code source} and the line, for a wrong header, a row with the wrong
     *                                  number of cells, or no header at all
     * @throws UncheckedIOException     when {@code in} cannot be read
     */
    public static void forEach(InputStream in, String source, String header, RowAction action) {
        int columns = header.split(",", -1).length;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            boolean headerSeen = false;
            while ((line = r.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank() || line.startsWith("#")) continue;
                if (!headerSeen) {
                    if (!line.strip().equals(header)) {
                        throw new IllegalArgumentException(source + ":" + number + ": the header must be exactly '"
                                + header + "', was '" + line.strip() + "'");
                    }
                    headerSeen = true;
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns) {
                    throw new IllegalArgumentException(source + ":" + number + ": expected " + columns
                            + " columns, found " + cells.length + " (fields cannot contain commas)");
                }
                action.accept(number, cells);
            }
            if (!headerSeen) throw new IllegalArgumentException(source + ": empty; the first line must be the header '" + header + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + source, e);
        }
    }
}
