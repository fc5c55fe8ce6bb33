package dev.cloudai.internal.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        forEach(in, source, header, List.of(), action);
    }

    /**
     * {@link #forEach(InputStream, String, String, RowAction)} for a format that may append optional columns after
     * the required ones: the header is {@code header} followed by any of {@code optional}, each at most once, in any
     * order. Each row reaches {@code action} with the required cells first and then one cell per optional column in
     * the order of {@code optional}, empty for a column the file lacks, so files without them still load.
     *
     * @throws IllegalArgumentException also for an unknown or repeated optional column, naming it and the known ones
     */
    public static void forEach(InputStream in, String source, String header, List<String> optional, RowAction action) {
        int required = header.split(",", -1).length;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            int columns = required;
            int[] slots = new int[0];
            boolean headerSeen = false;
            while ((line = r.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank() || line.startsWith("#")) continue;
                if (!headerSeen) {
                    String h = line.strip();
                    if (!(h.equals(header) || !optional.isEmpty() && h.startsWith(header + ","))) {
                        throw new IllegalArgumentException(source + ":" + number + ": the header must be exactly '"
                                + header + "'" + (optional.isEmpty() ? "" : ", optionally followed by any of " + optional)
                                + ", was '" + h + "'");
                    }
                    slots = optionalSlots(h.substring(header.length()), optional, source, number);
                    columns = required + slots.length;
                    headerSeen = true;
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns) {
                    throw new IllegalArgumentException(source + ":" + number + ": expected " + columns
                            + " columns, found " + cells.length + " (fields cannot contain commas)");
                }
                if (!optional.isEmpty()) {
                    String[] full = new String[required + optional.size()];
                    System.arraycopy(cells, 0, full, 0, required);
                    java.util.Arrays.fill(full, required, full.length, "");
                    for (int i = 0; i < slots.length; i++) full[required + slots[i]] = cells[required + i];
                    cells = full;
                }
                action.accept(number, cells);
            }
            if (!headerSeen) throw new IllegalArgumentException(source + ": empty; the first line must be the header '" + header + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + source, e);
        }
    }

    /** For each optional column the header names after the required ones, its index in {@code optional}. */
    private static int[] optionalSlots(String rest, List<String> optional, String source, int line) {
        if (rest.isEmpty()) return new int[0];
        String[] names = rest.substring(1).split(",", -1);
        int[] slots = new int[names.length];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].strip();
            slots[i] = optional.indexOf(name);
            if (slots[i] < 0 || !seen.add(name)) {
                throw new IllegalArgumentException(source + ":" + line + ": the header column '" + name + "' is "
                        + (slots[i] < 0 ? "unknown" : "repeated") + "; after the required columns come any of " + optional);
            }
        }
        return slots;
    }
}
