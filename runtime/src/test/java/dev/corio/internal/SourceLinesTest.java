package dev.corio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Reading the processor's line maps ("G:S" and "G:S+N" runs) and rewriting a generated element with one. */
class SourceLinesTest {
    static final String MAP = "33:11 36:11+5 50:30";
    static final StackTraceElement WHERE = new StackTraceElement("app.Shop", "price", "Shop.java", 11);

    @Test
    void runsMapTheirLinesAndNothingElse() {
        assertEquals(11, SourceLines.lookup(MAP, 33));
        assertEquals(-1, SourceLines.lookup(MAP, 34));
        assertEquals(11, SourceLines.lookup(MAP, 36));
        assertEquals(14, SourceLines.lookup(MAP, 39));
        assertEquals(16, SourceLines.lookup(MAP, 41));
        assertEquals(-1, SourceLines.lookup(MAP, 42));
        assertEquals(30, SourceLines.lookup(MAP, 50));
        assertEquals(-1, SourceLines.lookup(MAP, 51));
        assertEquals(-1, SourceLines.lookup(MAP, 1));
        assertEquals(-1, SourceLines.lookup(MAP, -2)); // a native or unknown line
        assertEquals(-1, SourceLines.lookup("$corio-line-map$Corio_Shop$Price", 33)); // a placeholder left unfilled
        assertEquals(-1, SourceLines.lookup("", 33));
    }

    @Test
    void theMachinesResumeBecomesTheUsersMethodAndItsLambdasTheUsersLambdas() {
        assertEquals("app.Shop.price(Shop.java:14)", SourceLines.toSource(
                new StackTraceElement("app.Corio_Shop$Price", "resume", "Corio_Shop$Price.java", 39), "app.Corio_Shop$Price",
                MAP, WHERE).toString());
        assertEquals("app.Shop.lambda$price$0(Shop.java:12)", SourceLines.toSource(
                new StackTraceElement("app.Corio_Shop$Price", "lambda$resume$0", "Corio_Shop$Price.java", 37),
                "app.Corio_Shop$Price", MAP, WHERE).toString());
        // a class declared in resume keeps its name, at the user's file and line
        assertEquals("app.Corio_Shop$Price$1.run(Shop.java:30)", SourceLines.toSource(
                new StackTraceElement("app.Corio_Shop$Price$1", "run", "Corio_Shop$Price.java", 50), "app.Corio_Shop$Price",
                MAP, WHERE).toString());
    }

    @Test
    void otherClassesUnmappedLinesAndMissingMapsAreLeftAlone() {
        StackTraceElement e = new StackTraceElement("app.Corio_Shop$Price", "resume", "Corio_Shop$Price.java", 39);
        assertNull(SourceLines.toSource(e, "app.Corio_Shop$Total", MAP, WHERE));
        assertNull(SourceLines.toSource(e, "app.Corio_Shop$Pri", MAP, WHERE)); // a prefix is not the class
        assertNull(SourceLines.toSource(new StackTraceElement("app.Corio_Shop$Price", "resume", "x", 34),
                "app.Corio_Shop$Price", MAP, WHERE));
        assertNull(SourceLines.toSource(e, "app.Corio_Shop$Price", null, WHERE));
        assertNull(SourceLines.toSource(e, "app.Corio_Shop$Price", MAP, null));
    }
}
