package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tricky bodies checked against the same code run as plain Java: each body below is written once as
 * a Java string for the processor and once as an ordinary method of this class, where {@code aw(x)}
 * stands for {@code await(later(x))} and returns x at once.
 */
class ReferenceTest {
    static ClassLoader l;

    static final String[] BODIES = {
        // 0: side effects in operands around awaits
        "int x = 1; int[] arr = {0, 0, 0}; int i = 0;"
            + " x = x++ + A(10) + x; arr[i++] = A(i) + i; i += i++ + A(i);"
            + " String s = \"s\"; s += s + A(\"t\") + s;"
            + " return R(x + \",\" + arr[0] + arr[1] + \",\" + i + \",\" + s);",
        // 1: nested conditionals and chains of && and ||
        "StringBuilder sb = new StringBuilder();"
            + " for (int k = 0; k < 4; k++) {"
            + "  boolean a = k % 2 == 0, b = k > 1;"
            + "  sb.append(a ? (A(b) ? 1 : 2) : A(3).intValue()).append(A(a) && A(b) && A(k == 2) ? 'y' : 'n');"
            + "  sb.append(!a || A(!b) || A(k) > 5 ? 'o' : 'x');"
            + " }"
            + " return R(sb.toString());",
        // 2: loops with await in the condition, continue into a do-while condition, fall-through
        "StringBuilder sb = new StringBuilder(); int n = 0;"
            + " while (A(n) < 3) { n++; if (n == 2) continue; sb.append(n); }"
            + " do { n--; if (n % 2 == 0) continue; sb.append('d').append(n); } while (A(n > 0));"
            + " for (int k = 0; k < 5; k++) {"
            + "  switch (A(k)) { case 0: sb.append('z'); case 1: sb.append(A('o')); break; case 3: continue; default: sb.append(k); }"
            + "  sb.append('|');"
            + " }"
            + " return R(sb.toString());",
        // 3: exceptions through loops, catch with continue, finally with await
        "StringBuilder sb = new StringBuilder();"
            + " for (int k = 0; k < 4; k++) {"
            + "  try {"
            + "   if (A(k) == 1) throw new IllegalStateException(\"k\" + k);"
            + "   if (k == 2) { try { throw new RuntimeException(\"inner\"); } catch (RuntimeException e) { sb.append(A(e.getMessage())); } }"
            + "   if (k == 3) break;"
            + "   sb.append('+');"
            + "  } catch (IllegalStateException e) { sb.append(e.getMessage()); continue; }"
            + "  finally { sb.append(A('f')); }"
            + "  sb.append(';');"
            + " }"
            + " return R(sb.toString());",
    };

    /** {@code A(x)} becomes {@code await(later(x))} (completes after a virtual second), {@code R(} becomes {@code result(}. */
    static String toAsync(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            if (body.startsWith("A(", i) && (i == 0 || !Character.isJavaIdentifierPart(body.charAt(i - 1)))) {
                int depth = 0;
                int j = i + 1;
                for (; j < body.length(); j++) {
                    char c = body.charAt(j);
                    if (c == '(') {
                        depth++;
                    } else if (c == ')' && --depth == 0) {
                        break;
                    }
                }
                out.append("await(later(").append(toAsync(body.substring(i + 2, j))).append("))");
                i = j;
            } else if (body.startsWith("R(", i) && (i == 0 || !Character.isJavaIdentifierPart(body.charAt(i - 1)))) {
                out.append("result(");
                i++;
            } else {
                out.append(body.charAt(i));
            }
        }
        return out.toString();
    }

    @BeforeAll
    static void compile() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < BODIES.length; i++) {
            members.add("  @Async public Coroutine<String> b" + i + "() { " + toAsync(BODIES[i]) + " }");
        }
        l = Harness.load(Harness.cls(members.toArray(new String[0])));
    }

    // ---- the same bodies as plain Java (A = the awaited value, at once; R = the result)
    static <T> T A(T v) {
        return v;
    }

    static String R(String s) {
        return s;
    }

    static String b0() {
        int x = 1; int[] arr = {0, 0, 0}; int i = 0;
        x = x++ + A(10) + x; arr[i++] = A(i) + i; i += i++ + A(i);
        String s = "s"; s += s + A("t") + s;
        return R(x + "," + arr[0] + arr[1] + "," + i + "," + s);
    }

    static String b1() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            boolean a = k % 2 == 0, b = k > 1;
            sb.append(a ? (A(b) ? 1 : 2) : A(3).intValue()).append(A(a) && A(b) && A(k == 2) ? 'y' : 'n');
            sb.append(!a || A(!b) || A(k) > 5 ? 'o' : 'x');
        }
        return R(sb.toString());
    }

    static String b2() {
        StringBuilder sb = new StringBuilder(); int n = 0;
        while (A(n) < 3) { n++; if (n == 2) continue; sb.append(n); }
        do { n--; if (n % 2 == 0) continue; sb.append('d').append(n); } while (A(n > 0));
        for (int k = 0; k < 5; k++) {
            switch (A(k)) { case 0: sb.append('z'); case 1: sb.append(A('o')); break; case 3: continue; default: sb.append(k); }
            sb.append('|');
        }
        return R(sb.toString());
    }

    static String b3() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            try {
                if (A(k) == 1) throw new IllegalStateException("k" + k);
                if (k == 2) { try { throw new RuntimeException("inner"); } catch (RuntimeException e) { sb.append(A(e.getMessage())); } }
                if (k == 3) break;
                sb.append('+');
            } catch (IllegalStateException e) { sb.append(e.getMessage()); continue; }
            finally { sb.append(A('f')); }
            sb.append(';');
        }
        return R(sb.toString());
    }

    @Test
    void sameResultsAsPlainJava() throws Throwable {
        String[] expected = {b0(), b1(), b2(), b3()};
        for (int i = 0; i < BODIES.length; i++) {
            assertEquals(expected[i], Harness.run(l, "T", "b" + i), "body " + i);
        }
    }
}
