package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code StreamReader}'s lines as async iterables, on the virtual clock: raw bytes with their
 * {@code \n} ({@code awaitEach(reader)}, asyncio's {@code async for line in reader}) and text without
 * terminators ({@code awaitEach(reader.lines())}); lines arriving in pieces, the end at EOF, a line over the
 * limit, leaving early, and over a real loopback connection.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamLinesTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static byte[] b(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }",
                "  @Async static Coroutine<Void> feed(dev.corio.net.StreamReader r, String... parts) {",
                "    for (String p : parts) { r.feedData(b(p)); await(sleep(1)); }",
                "    r.feedEof();",
                "    return result(null);",
                "  }",
                "  @Async public Coroutine<String> raw() {",
                "    var r = new dev.corio.net.StreamReader();",
                "    Task<Void> f = createTask(feed(r, \"a\\nb\\r\", \"\\nc\"));",
                "    List<String> got = new ArrayList<>();",
                "    for (byte[] line : awaitEach(r)) {",
                "      got.add(new String(line, java.nio.charset.StandardCharsets.UTF_8).replace(\"\\r\", \"CR\")"
                        + ".replace(\"\\n\", \"LF\") + \"@\" + getRunningLoop().time());",
                "    }",
                "    await(f);",
                "    return result(got + \" end@\" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> text() {",
                "    var r = new dev.corio.net.StreamReader();",
                "    Task<Void> f = createTask(feed(r, \"h\\u00e9llo\\nwor\", \"ld\\r\\n\", \"\\n\", \"last\"));",
                "    List<String> got = new ArrayList<>();",
                "    for (String line : awaitEach(r.lines())) got.add(\"[\" + line + \"]@\" + getRunningLoop().time());",
                "    await(f);",
                "    return result(String.join(\" \", got) + \" end@\" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> overTheLimit() {",
                "    var r = new dev.corio.net.StreamReader(4);",
                "    r.feedData(b(\"much too long\\nok\\n\"));",
                "    r.feedEof();",
                "    var it = r.lines().aiter();",
                "    String first;",
                "    try { first = await(it.anext()); } catch (dev.corio.net.LimitOverrunError e) { first = e.getMessage(); }",
                "    String second = await(it.anext());",
                "    String end;",
                "    try { await(it.anext()); end = \"no\"; } catch (StopAsyncIteration e) { end = \"StopAsyncIteration\"; }",
                "    return result(first + \" | \" + second + \" | \" + end);",
                "  }",
                "  @Async public Coroutine<String> breakLeavesTheRest() {",
                "    var r = new dev.corio.net.StreamReader();",
                "    r.feedData(b(\"1\\n2\\n3\\n\"));",
                "    for (String line : awaitEach(r.lines())) { if (line.equals(\"1\")) break; }",
                "    return result(new String(await(r.readline())).trim() + \" then \" + r.lines());",
                "  }",
                "  @Async static Coroutine<Void> greet(dev.corio.net.StreamReader r, dev.corio.net.StreamWriter w) {",
                "    for (String name : awaitEach(r.lines())) { w.write(\"hello \" + name + \"\\n\"); await(w.drain()); }",
                "    w.close();",
                "    return result(null);",
                "  }",
                "  @Async public Coroutine<String> overLoopback() {",
                "    var server = await(dev.corio.net.Streams.startServer((r, w) -> greet(r, w), \"127.0.0.1\", 0));",
                "    var rw = await(dev.corio.net.Streams.openConnection(\"127.0.0.1\", server.addresses().get(0).getPort()));",
                "    rw.writer().write(\"ann\\nbob\\n\");",
                "    rw.writer().writeEof();",
                "    List<String> got = new ArrayList<>();",
                "    for (String line : awaitEach(rw.reader().lines())) got.add(line);",
                "    rw.writer().close();",
                "    server.close();",
                "    await(server.waitClosed());",
                "    return result(got.toString());",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        return Harness.run(l, "T", m);
    }

    @Test
    void rawLinesKeepTheirTerminatorAndEndAtEof() throws Throwable {
        assertEquals("[aLF@0.0, bCRLF@1.0, c@2.0] end@2.0", run("raw"));
    }

    @Test
    void textLinesAreDecodedWithoutTerminators() throws Throwable {
        assertEquals("[h\u00e9llo]@0.0 [world]@1.0 []@2.0 [last]@4.0 end@4.0", run("text"));
    }

    @Test
    void aLineOverTheLimitFailsItsStepAndIsDiscarded() throws Throwable {
        assertEquals("Separator is found, but chunk is longer than limit | ok | StopAsyncIteration",
                run("overTheLimit"));
    }

    @Test
    void leavingTheLoopEarlyLeavesTheRestInTheReader() throws Throwable {
        String r = (String) run("breakLeavesTheRest");
        assertEquals(true, r.startsWith("2 then lines() of "), r);
    }

    @Test
    void linesOfALoopbackConnection() throws Throwable {
        assertEquals(List.of("hello ann", "hello bob").toString(), run("overLoopback"));
    }
}
