package dev.corio.processor.emit;

import java.util.ArrayList;
import java.util.List;

/**
 * The map from the lines of a generated state machine back to the lines of the user's source, for the throw
 * site of async stack traces (issue 15): an exception thrown in a machine's {@code resume} has the generated
 * file's line in its stack trace, and the runtime rewrites that element to the user's file and line with this
 * map ({@code Coroutine.lineMap()}).
 *
 * <p>The emitter cannot know at which line of the written file a statement lands, so it works in two steps:
 * {@link MachineEmitter} puts a {@link #marker} comment before each statement it writes (the source line it
 * comes from and how many more lines it takes) and a {@link #placeholder} string as the body of the machine's
 * {@code lineMap()}; {@link #apply} then reads the rendered file, notes the line each marker is on, removes
 * the markers and writes each machine's map in place of its placeholder. Both edits stay within their lines,
 * so no line moves: the file that is written is the file the map describes.
 *
 * <p>The map is a string (one constant, readable in the generated source): runs {@code G:S} or
 * {@code G:S+N}, separated by spaces, in order of {@code G}, meaning "generated lines {@code G} to
 * {@code G+N} come from source lines {@code S} to {@code S+N}".
 */
public final class LineMap {
    private static final String MARK_OPEN = "/*$corio-line ";
    private static final String MARK_CLOSE = "$*/ ";
    private static final String TOKEN = "$corio-line-map$";
    /** Under javac's limit for a string constant (65,535 bytes), with room: a longer map keeps its first runs. */
    static final int MAX_LENGTH = 60_000;

    private LineMap() {
    }

    /**
     * The marker to write before a statement of {@code text} that comes from source line {@code line}; empty
     * when the line is not known ({@code line <= 0}).
     */
    static String marker(long line, String text) {
        if (line <= 0) {
            return "";
        }
        int extra = 0;
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '\n') {
                extra++;
            }
        }
        return MARK_OPEN + line + (extra > 0 ? "+" + extra : "") + MARK_CLOSE;
    }

    /** The string literal's text that {@link #apply} replaces with the map of machine {@code machine}. */
    static String placeholder(String machine) {
        return TOKEN + machine;
    }

    /**
     * {@code rendered} (a whole generated file) with its markers removed and each machine's placeholder
     * replaced by the map of the markers before it, back to the previous placeholder: each machine class
     * writes its {@code resume} (the markers) before its {@code lineMap()} (the placeholder), and machine
     * classes do not nest.
     */
    public static String apply(String rendered) {
        if (!rendered.contains(MARK_OPEN) && !rendered.contains(TOKEN)) {
            return rendered;
        }
        String[] lines = rendered.split("\n", -1);
        List<int[]> runs = new ArrayList<>();
        StringBuilder out = new StringBuilder(rendered.length());
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int m = l.indexOf(MARK_OPEN);
            if (m >= 0) {
                int close = l.indexOf(MARK_CLOSE, m);
                if (close > m) {
                    String spec = l.substring(m + MARK_OPEN.length(), close);
                    int plus = spec.indexOf('+');
                    try {
                        int source = Integer.parseInt(plus < 0 ? spec : spec.substring(0, plus));
                        int extra = plus < 0 ? 0 : Integer.parseInt(spec.substring(plus + 1));
                        runs.add(new int[] {i + 1, source, extra});
                    } catch (NumberFormatException e) {
                        // not one of ours (user text that looks like a marker): leave the line as it is
                        out.append(l);
                        out.append(i + 1 < lines.length ? "\n" : "");
                        continue;
                    }
                    l = l.substring(0, m) + l.substring(close + MARK_CLOSE.length());
                }
            }
            int t = l.indexOf("\"" + TOKEN);
            if (t >= 0) {
                int end = l.indexOf('"', t + 1);
                l = l.substring(0, t) + "\"" + format(runs) + "\"" + l.substring(end + 1);
                runs.clear();
            }
            out.append(l);
            if (i + 1 < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** {@code runs} ({generated line, source line, extra lines}) as the map's text, cut at {@link #MAX_LENGTH}. */
    static String format(List<int[]> runs) {
        StringBuilder sb = new StringBuilder();
        int[] open = null; // consecutive runs that continue one another are merged
        for (int[] r : runs) {
            if (open != null && r[0] == open[0] + open[2] + 1 && r[1] == open[1] + open[2] + 1) {
                open[2] += r[2] + 1;
                continue;
            }
            if (open != null && !append(sb, open)) {
                return sb.toString();
            }
            open = r.clone();
        }
        if (open != null) {
            append(sb, open);
        }
        return sb.toString();
    }

    private static boolean append(StringBuilder sb, int[] r) {
        String run = r[0] + ":" + r[1] + (r[2] > 0 ? "+" + r[2] : "");
        if (sb.length() + run.length() + 1 > MAX_LENGTH) {
            return false;
        }
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append(run);
        return true;
    }
}
