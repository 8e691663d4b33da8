package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Locals and temporaries whose types Java cannot write down still get fields (projected as javac does for var). */
class TypesTest {
    @Test
    void nonDenotableTypes() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  static <T> T first(List<? extends T> l) { return l.get(0); }",
                "  @Async public Coroutine<String> m(boolean flag) {",
                "    List<?> wild = List.of(\"w\");",
                "    String s = \"\" + wild.get(0) + await(later(1));",                     // captured wildcard spilled
                "    var mixed = flag ? 1 : \"s\";",                                          // intersection type
                "    await(later(null));",
                "    Object anon = new Object() { int n = 7; };",
                "    await(later(null));",
                "    var numbers = new ArrayList<Integer>(); numbers.add(await(now(2)));",
                "    await(later(null));",
                "    char c = 'a'; c += await(later(1));",                                    // implicit narrowing
                "    byte b = 1; b *= await(later(3));",
                "    long big = 1L << await(later(40));",
                "    double d = await(later(1)) / 2.0;",
                "    Object[] arr = new String[] {\"x\"};",
                "    String fromArr = (String) arr[await(now(0))];",
                "    return result(s + mixed + anon.toString().isEmpty() + numbers + c + b + big + d + fromArr + first(List.of(await(later(\"f\")))));",
                "  }"));
        assertEquals("w11false[2]b31099511627776" + "0.5xf", Harness.run(l, "T", "m", true));
        assertEquals("w1sfalse[2]b31099511627776" + "0.5xf", Harness.run(l, "T", "m", false));
    }
}
