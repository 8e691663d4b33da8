package dev.corio.processor.emit;

import java.util.ArrayList;
import java.util.List;

/**
 * The map from the lines of a generated state machine back to the lines of the user's source, for the throw
 * site of async stack traces (issue 15): an exception thrown in a machine's {@code resume} has the generated
 * file's line in its stack trace, and the runtime rewrites that element to the user's file and line with this
 * map (registered by the machine's static initializer, {@code Coroutine.registerCode}).
 *
 * <p>The emitter cannot know at which line of the written file a statement lands, so it works in two steps:
 * {@link MachineEmitter} puts a {@link #marker} comment before each statement it writes (the source line it
 * comes from and how many more lines it takes) and a {@link #placeholder} string as the map argument of the
 * machine's {@code registerCode} call, in its static initializer, before its {@code resume}; {@link #apply} then reads the rendered file, notes the line each marker is on, removes
 * the markers, lays the file out so that each statement stands on its source line where it can (so the
 * generated class's line table carries the user's line numbers, for debuggers) and writes each machine's map,
 * of the lines the statements ended up on, in place of its placeholder.
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
     * {@code rendered} (a whole generated file) with its markers removed, laid out so that each marked
     * statement stands on its own source line where it can, and each machine's placeholder replaced by the
     * map of the markers after it, up to the next placeholder: each machine class writes its static
     * initializer (the placeholder) before its {@code resume} (the markers), and machine classes do not nest.
     *
     * <p>The layout (issue 15, breakpoints): a statement from source line {@code S} is written on line
     * {@code S} of the generated file when the code before it fits: the generated code between two
     * statements (the class header, fields, {@code case} labels, the await's re-entry) is moved up onto
     * fewer lines, joined with spaces, and blank lines fill the gaps. Then the generated class's line table
     * says {@code Foo.java}'s line numbers, so a debugger's breakpoint on {@code Corio_Foo$Bar:12} is the
     * user's line 12, a stack trace's generated line is the user's line, and the generated file reads line
     * by line beside the user's. A statement the lowering moved before code of earlier lines (a loop's
     * update, a finally block's copy) cannot stand on its line; it goes on the next line and the map still
     * gives its source line. Only lines that end outside any comment, string or text block are joined, and
     * a generated {@code //} comment becomes a block comment when code follows it, so joining never changes
     * the meaning of the code. Machines nested in {@code Corio_Foo} are laid out the same way, so
     * {@code Corio_Foo}'s own members (its constructor, overrides and factories, which JavaPoet writes before
     * the nested classes) are packed onto the lines before the first statement too.
     */
    public static String apply(String rendered) {
        if (!rendered.contains(MARK_OPEN) && !rendered.contains(TOKEN)) {
            return rendered;
        }
        String[] lines = rendered.split("\n", -1);
        int lastMarked = -1;
        for (int i = 0; i < lines.length; i++) {
            if (spec(lines[i]) != null) {
                lastMarked = i;
            }
        }
        Layout out = new Layout();
        List<int[]> runs = new ArrayList<>();
        Maps maps = new Maps();
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            int[] spec = spec(l);
            if (spec != null) {
                int m = l.indexOf(MARK_OPEN);
                l = l.substring(0, m) + l.substring(l.indexOf(MARK_CLOSE, m) + MARK_CLOSE.length());
                int target = spec[0];
                if (out.line() < target - 1) {
                    out.padTo(target - 1);
                }
                if (out.line() == target - 1) {
                    out.newLine(l);
                } else if (out.line() == target && out.canJoin(l)) {
                    out.join(l);
                } else {
                    out.newLine(l); // it cannot stand on its line: the map gives its source line
                }
                addRun(runs, new int[] {out.line(), target, 0});
                int k = 1;
                for (; k <= spec[1] && i + k < lines.length && spec(lines[i + k]) == null; k++) {
                    out.newLine(maps.see(lines[i + k], runs)); // the statement's own lines, as the user broke them
                    addRun(runs, new int[] {out.line(), target + k, 0});
                }
                i += k;
                continue;
            }
            if (i > lastMarked) {
                out.newLine(maps.see(l, runs)); // after the last statement nothing needs to move
                i++;
                continue;
            }
            // generated code before the next statement: as many lines of their own as fit before it, the
            // rest joined onto the first
            int next = i;
            while (next < lines.length && spec(lines[next]) == null) {
                next++;
            }
            int target = spec(lines[next])[0];
            int glue = next - i;
            int free = target - 1 - out.line(); // lines before the statement's own
            if (glue < free) {
                out.padTo(target - 1 - glue); // blank lines first, so the glue stays next to its statement
                free = glue;
            }
            int together = free <= 0 ? glue : glue - free + 1; // how many glue lines share the first line
            boolean started = false;
            for (int k = 0; k < glue; k++) {
                String g = maps.see(lines[i + k], runs);
                boolean shared = free <= 0 || k < together;
                if (g.isBlank() && shared) {
                    continue; // a blank line that does not fit
                }
                boolean join = free <= 0 ? out.line() > 0 : shared && started;
                if (join && out.canJoin(g)) {
                    out.join(g);
                } else {
                    out.newLine(g);
                }
                started = true;
            }
            i = next;
        }
        maps.close(runs);
        return maps.fill(out.text());
    }

    /**
     * The maps of a file's machines as the layout finds them: a placeholder opens a machine's map, and the runs
     * placed after it, up to the next placeholder (the next machine's) or the end, are that machine's.
     */
    private static final class Maps {
        private final List<String> maps = new ArrayList<>();
        private boolean open;

        /** {@code l}, noting the placeholder it holds, if any: it closes the map before it, of {@code runs}. */
        String see(String l, List<int[]> runs) {
            if (l.indexOf("\"" + TOKEN) >= 0) {
                close(runs);
                open = true;
            }
            return l;
        }

        void close(List<int[]> runs) {
            if (open) {
                maps.add(format(runs));
            }
            runs.clear(); // runs before the first placeholder belong to no machine
            open = false;
        }

        /** {@code text} with its placeholders, in order, replaced by the maps. */
        String fill(String text) {
            StringBuilder sb = new StringBuilder(text.length() + 64 * maps.size());
            int from = 0;
            for (String map : maps) {
                int t = text.indexOf("\"" + TOKEN, from);
                int end = text.indexOf('"', t + 1);
                sb.append(text, from, t).append('"').append(map).append('"');
                from = end + 1;
            }
            return sb.append(text, from, text.length()).toString();
        }
    }

    /** {source line, extra lines} of the marker on {@code line}, or null when it has none. */
    private static int[] spec(String line) {
        int m = line.indexOf(MARK_OPEN);
        if (m < 0) {
            return null;
        }
        int close = line.indexOf(MARK_CLOSE, m);
        if (close < 0) {
            return null;
        }
        String spec = line.substring(m + MARK_OPEN.length(), close);
        int plus = spec.indexOf('+');
        try {
            return new int[] {Integer.parseInt(plus < 0 ? spec : spec.substring(0, plus)),
                    plus < 0 ? 0 : Integer.parseInt(spec.substring(plus + 1))};
        } catch (NumberFormatException e) {
            return null; // not one of ours (user text that looks like a marker): the line stays as it is
        }
    }

    private static void addRun(List<int[]> runs, int[] r) {
        if (!runs.isEmpty()) {
            int[] last = runs.get(runs.size() - 1);
            if (last[0] == r[0]) {
                return; // two statements of one source line joined on one line: the first names it
            }
        }
        runs.add(r);
    }

    /** The generated file being laid out: whole lines, the last of which may still be joined onto. */
    private static final class Layout {
        private final StringBuilder done = new StringBuilder();
        private StringBuilder current;
        private int line; // the number of the current line, 0 before the first
        private int startState = Lexer.CODE; // the lexer's state at the start of the current line
        private int[] end = {Lexer.CODE, -1}; // its state at the end, and where a // comment starts or -1

        int line() {
            return line;
        }

        void newLine(String l) {
            if (current != null) {
                done.append(current).append('\n');
                startState = end[0] == Lexer.ESCAPE ? Lexer.CODE : end[0];
            }
            current = new StringBuilder(l);
            line++;
            end = Lexer.walk(current, startState);
        }

        void padTo(int target) {
            while (line < target) {
                newLine("");
            }
        }

        /**
         * Whether {@code l} can follow the current line on it: the current line ends in code (a {@code //}
         * comment is made a block comment) or in a block comment (where a line break is a space), and
         * {@code l}, read from there, does not end in a text block.
         */
        boolean canJoin(String l) {
            if (current == null || (end[0] != Lexer.CODE && end[0] != Lexer.COMMENT)) {
                return false;
            }
            if (end[1] >= 0 && current.indexOf("*/", end[1]) >= 0) {
                return false; // the comment cannot become a block comment
            }
            int after = Lexer.walk(l, end[0])[0];
            return after == Lexer.CODE || after == Lexer.COMMENT;
        }

        /**
         * Joins {@code l} onto the current line. The lexer reads only what is appended, from the state the line
         * ended in (a line can grow to thousands of characters: reading it whole at every join was quadratic).
         */
        void join(String l) {
            int state = end[0];
            if (end[1] >= 0) {
                current.replace(end[1], end[1] + 2, "/*");
                current.append(" */");
                state = Lexer.CODE; // canJoin: no "*/" in the comment, so the one appended closes it
            }
            if (isBlank(current)) {
                current.setLength(0);
                current.append(l);
                end = Lexer.walk(current, startState);
            } else if (!l.isBlank()) {
                int at = current.length();
                current.append(' ').append(l.strip());
                int[] tail = Lexer.walk(current.subSequence(at, current.length()), state);
                end = new int[] {tail[0], tail[1] < 0 ? -1 : at + tail[1]};
            } else {
                end = new int[] {state, -1};
            }
        }

        private static boolean isBlank(CharSequence s) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isWhitespace(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        String text() {
            if (current != null) {
                done.append(current);
            }
            return done.toString();
        }
    }

    /** Just enough of Java's lexical structure to know where a line's comments and literals are. */
    static final class Lexer {
        /** In code. */
        static final int CODE = 0;
        /** In a block comment. */
        static final int COMMENT = 1;
        /** In a text block. */
        static final int TEXT_BLOCK = 2;
        /** After a unicode escape, which could stand for anything: never joined onto. */
        static final int ESCAPE = 3;

        private Lexer() {
        }

        /**
         * {state at the end of {@code l}, index of its {@code //} comment or -1}, reading {@code l} from
         * state {@code state}. A string or character literal ends on its line (Java has no other).
         */
        static int[] walk(CharSequence l, int state) {
            int n = l.length();
            int i = 0;
            while (i < n) {
                char c = l.charAt(i);
                if (c == '\\' && i + 1 < n && l.charAt(i + 1) == 'u') {
                    return new int[] {ESCAPE, -1};
                }
                if (state == COMMENT) {
                    int e = indexOf(l, "*/", i);
                    if (e < 0) {
                        return new int[] {COMMENT, -1};
                    }
                    state = CODE;
                    i = e + 2;
                    continue;
                }
                if (state == TEXT_BLOCK) {
                    if (c == '\\') {
                        i += 2;
                        continue;
                    }
                    if (c == '"' && i + 2 < n && l.charAt(i + 1) == '"' && l.charAt(i + 2) == '"') {
                        state = CODE;
                        i += 3;
                        continue;
                    }
                    i++;
                    continue;
                }
                if (c == '/' && i + 1 < n && l.charAt(i + 1) == '/') {
                    return new int[] {CODE, i};
                }
                if (c == '/' && i + 1 < n && l.charAt(i + 1) == '*') {
                    state = COMMENT;
                    i += 2;
                    continue;
                }
                if (c == '"' && i + 2 < n && l.charAt(i + 1) == '"' && l.charAt(i + 2) == '"') {
                    state = TEXT_BLOCK;
                    i += 3;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && l.charAt(j) != c) {
                        j += l.charAt(j) == '\\' ? 2 : 1;
                    }
                    i = j + 1;
                    continue;
                }
                i++;
            }
            return new int[] {state, -1};
        }

        private static int indexOf(CharSequence l, String s, int from) {
            if (l instanceof String) {
                return ((String) l).indexOf(s, from);
            }
            return l instanceof StringBuilder ? ((StringBuilder) l).indexOf(s, from) : l.toString().indexOf(s, from);
        }
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
