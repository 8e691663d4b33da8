package dev.corio.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.internal.SourceLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LineMap#apply}'s layout on hand-made files: each marked statement on its source line where the code
 * before it fits, nothing joined that would change the code's meaning, and the map naming the line every
 * statement ended up on.
 */
class LineMapTest {
    private static String mark(long line, String statement) {
        return LineMap.marker(line, statement) + statement;
    }

    private static String map(String text) {
        int t = text.indexOf("registerCode(\"") + "registerCode(\"".length();
        return text.substring(t, text.indexOf('"', t));
    }

    private static String[] lines(String text) {
        return text.split("\n", -1);
    }

    @Test
    void statementsStandOnTheirSourceLinesWithTheGlueMovedUpAndBlankLinesFillingGaps() {
        String rendered = String.join("\n",
                "package p;",
                "",
                "final class M {",
                "    static { registerCode(\"" + LineMap.placeholder("M") + "\"); }",
                "    int f;",
                "    Object resume() {",
                "        switch (s) {",
                "            case 0: { // F.java:4: a();",
                mark(4, "a();"),
                "            }",
                "            case 1: { // F.java:4: a();",
                mark(4, "b();"),
                mark(9, "c(1,\n  2);"),
                "            }",
                "        }",
                "    }",
                "}");
        String out = LineMap.apply(rendered);
        String[] l = lines(out);
        assertTrue(l[3].contains("a();") && l[3].contains("b();"), out); // line 4: both statements of line 4
        assertTrue(l[3].contains("/* F.java:4: a(); */"), "a // comment followed by code became a block comment:\n" + out);
        assertEquals("c(1,", l[8].strip(), out); // line 9, and its second line on 10
        assertEquals("2);", l[9].strip(), out);
        assertEquals("", l[7].strip(), "a gap is blank lines:\n" + out);
        assertEquals("4:4 9:9+1", map(out), out);
        assertEquals(4, SourceLines.lookup(map(out), 4));
        assertEquals(10, SourceLines.lookup(map(out), 10));
        assertTrue(!out.contains("$corio-line"), out);
    }

    @Test
    void aStatementEndingInALineCommentIsNotJoinedOnto() {
        String rendered = String.join("\n",
                "class M {",
                "  static { registerCode(\"" + LineMap.placeholder("M") + "\"); }",
                mark(2, "a(); // the user's comment"),
                "  int glue;",
                mark(2, "b();"),
                "}");
        String out = LineMap.apply(rendered);
        String[] l = lines(out);
        assertEquals("a(); /* the user's comment */ int glue; b();", l[1].strip(),
                "the comment is closed before code follows:\n" + out);
    }

    @Test
    void aCommentThatCannotBeClosedOrATextBlockStaysOnItsLine() {
        String rendered = String.join("\n",
                "class M {",
                "  static { registerCode(\"" + LineMap.placeholder("M") + "\"); }",
                mark(2, "a(); // see */ here"),
                "  String s = \"\"\"",
                "      text\"\"\";",
                mark(3, "b();"),
                "}");
        String out = LineMap.apply(rendered);
        String[] l = lines(out);
        assertEquals("a(); // see */ here", l[1].strip(), out);
        assertEquals("String s = \"\"\"", l[2].strip(), "a text block's lines are never joined:\n" + out);
        assertEquals("text\"\"\";", l[3].strip(), out);
        assertEquals("b();", l[4].strip(), out);
        assertEquals("2:2 5:3", map(out), "b() could not stand on line 3: the map says where it is:\n" + out);
    }

    @Test
    void aStatementMovedBeforeLaterCodeGoesOnTheNextLineAndTheMapSaysWhere() {
        // a loop's update (source line 3) written after its body (line 5)
        String rendered = String.join("\n",
                "class M {",
                "  static { registerCode(\"" + LineMap.placeholder("M") + "\"); }",
                mark(5, "body();"),
                "  // back to the top",
                mark(3, "i++;"),
                "}");
        String out = LineMap.apply(rendered);
        String[] l = lines(out);
        assertEquals("body(); // back to the top", l[4].strip(), out);
        assertEquals("i++;", l[5].strip(), out);
        assertEquals("5:5 6:3", map(out), out);
        // the blank lines go first, so that the code before a statement stays next to it
        assertEquals(List.of("", "", "class M {"), List.of(l[0], l[1], l[2]), out);
        assertTrue(l[3].contains("registerCode(\"5:5 6:3\")"), out);
    }
}
