package dev.parley.ops.lag;

import dev.parley.ops.lag.LagReport.GroupLag;
import dev.parley.ops.lag.LagReport.PartitionLag;

import java.util.ArrayList;
import java.util.List;

/** A {@link LagReport} as an aligned text table: one row per partition, then a total row per group. */
final class LagTable {
    private static final String[] HEADER = {"GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"};
    /** Columns 2..5 hold numbers and are aligned right. */
    private static final int FIRST_NUMERIC = 2;

    private LagTable() {
    }

    /** The table, each line ending in a newline; a one-line note when there are no groups. */
    static String render(LagReport report) {
        if (report.groups().isEmpty()) return "no consumer groups found\n";
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        boolean uncommitted = false;
        for (GroupLag group : report.groups()) {
            for (PartitionLag p : group.partitions()) {
                uncommitted |= p.committed().isEmpty();
                rows.add(new String[]{group.group(), p.topic(), String.valueOf(p.partition()),
                        p.committed().isPresent() ? String.valueOf(p.committed().getAsLong()) : "-",
                        String.valueOf(p.end()), String.valueOf(p.lag())});
            }
            String label = group.partitions().isEmpty() ? "(total; no partitions)" : "(total)";
            rows.add(new String[]{group.group(), label, "", "", "", String.valueOf(group.totalLag())});
        }
        StringBuilder out = new StringBuilder();
        int[] widths = widths(rows);
        for (String[] row : rows) out.append(line(row, widths)).append('\n');
        if (uncommitted) out.append("COMMITTED '-': no committed offset; LAG then counts from the log start offset.\n");
        return out.toString();
    }

    private static int[] widths(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        return widths;
    }

    private static String line(String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) line.append("  ");
            String pad = " ".repeat(widths[i] - row[i].length());
            line.append(i >= FIRST_NUMERIC ? pad + row[i] : row[i] + (i == row.length - 1 ? "" : pad));
        }
        return line.toString().stripTrailing();
    }
}
