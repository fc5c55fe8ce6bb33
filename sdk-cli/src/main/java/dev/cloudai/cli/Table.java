package dev.cloudai.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns; columns named with a leading {@code >} are right-aligned (numbers).
 *
 * <pre>{@code
 * Table t = new Table("cloud", "instance", ">$/hour");
 * t.row("aws", "ml.inf2.xlarge", "0.99");
 * t.print(out);
 * }</pre>
 */
final class Table {
    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> right = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    Table(String... columns) {
        for (String c : columns) {
            boolean r = c.startsWith(">");
            headers.add(r ? c.substring(1) : c);
            right.add(r);
        }
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalStateException("a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "" : cells[i].toString();
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (String[] r : rows) width[i] = Math.max(width[i], r[i].length());
        }
        line(out, headers.toArray(String[]::new), width);
        for (String[] r : rows) line(out, r, width);
        out.flush();
    }

    private void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append("  ");
            String pad = " ".repeat(width[i] - cells[i].length());
            sb.append(right.get(i) ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        out.println(sb);
    }
}
