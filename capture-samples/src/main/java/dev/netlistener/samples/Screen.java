// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.io.PrintStream;

/**
 * Where a sample draws a view that it refreshes (top's): on a terminal it redraws in place, cursor
 * home and each line cleared to its end, never the whole screen, so the view does not flicker; lines
 * are cut to the terminal's width, never wrapped. Elsewhere (a pipe, a file) each view follows the
 * last, cut only to a width given with {@code --width}.
 */
final class Screen {
    private static final String HOME = "\033[H";
    private static final String CLEAR_TO_END_OF_LINE = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";
    /** What a terminal that says nothing of its size is taken to be. */
    private static final int DEFAULT_TERMINAL_WIDTH = 80;

    private final PrintStream out;
    private final boolean terminal;
    private final Integer givenWidth;

    /**
     * @param out        where the view goes
     * @param terminal   whether {@code out} is a terminal
     * @param givenWidth the width asked for ({@code --width}), or null for the terminal's
     */
    Screen(PrintStream out, boolean terminal, Integer givenWidth) {
        this.out = out;
        this.terminal = terminal;
        this.givenWidth = givenWidth;
    }

    /** Draws {@code view} (lines separated by newlines) over the last one, or after it when not a terminal. */
    void draw(String view) {
        int width = width();
        StringBuilder text = new StringBuilder(view.length() + 256);
        if (terminal) {
            text.append(HOME);
        }
        view.lines().forEach(line -> {
            text.append(line.length() > width ? line.substring(0, width) : line);
            text.append(terminal ? CLEAR_TO_END_OF_LINE + "\n" : "\n");
        });
        text.append(terminal ? CLEAR_BELOW : "\n");
        out.print(text);
        out.flush();
    }

    /**
     * The width lines are cut to: {@code --width}; else on a terminal {@code COLUMNS} or what
     * {@code stty size} says (asked at every view, so that a resized window is followed), else 80;
     * else no limit.
     */
    int width() {
        if (givenWidth != null) {
            return givenWidth;
        }
        if (!terminal) {
            return Integer.MAX_VALUE;
        }
        Integer columns = positive(System.getenv("COLUMNS"));
        if (columns == null) {
            columns = sttyColumns();
        }
        return columns == null ? DEFAULT_TERMINAL_WIDTH : columns;
    }

    /** The columns {@code stty size} reports for the controlling terminal, or null. */
    private static Integer sttyColumns() {
        String answer = Shell.output("stty size < /dev/tty 2>/dev/null");
        String[] rowsColumns = answer == null ? new String[0] : answer.split(" ");
        return rowsColumns.length == 2 ? positive(rowsColumns[1]) : null;
    }

    private static Integer positive(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,5}")) {
            return null;
        }
        int value = Integer.parseInt(text.strip());
        return value > 0 ? value : null;
    }
}
