package dev.corio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop's hot methods stay small enough for HotSpot to inline them into their callers: a hot call is
 * inlined only if the callee has at most {@code -XX:FreqInlineSize} bytes of bytecode (325 on x86-64 and
 * aarch64). Session 6's sleep-as-timer branch took {@code Task.step} from 320 to 352 bytes; the tick then
 * called it out of line ("hot method too big" in {@code -XX:+PrintInlining}), which cost the context-switch
 * and the completed-future await benchmarks 0.5-1 ns each (docs/benchmarks.md, "Issue 14, runtime side,
 * session 7"). A structural check, not a timing: it reads the sizes from the class files.
 */
@Timeout(30)
class HotPathSizeTest {
    /** HotSpot's default FreqInlineSize; kept with a margin below it, so that a small addition still fits. */
    static final int FREQ_INLINE_SIZE = 325;

    @Test
    void taskStepFitsTheInliningLimitWithAMargin() throws IOException {
        int step = codeSize(Task.class, "step");
        assertTrue(step <= FREQ_INLINE_SIZE - 25, "Task.step is " + step + " bytes of bytecode; above "
                + FREQ_INLINE_SIZE + " the loop's tick calls it out of line: move a rare path out (see rareStart)");
    }

    @Test
    void theTickFitsTheInliningLimit() throws IOException {
        int tick = codeSize(EventLoop.class, "runOnce");
        assertTrue(tick <= FREQ_INLINE_SIZE, "EventLoop.runOnce is " + tick + " bytes of bytecode");
    }

    /** The length of the Code attribute of the method {@code name} of {@code c} (the only one of that name). */
    static int codeSize(Class<?> c, String name) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            DataInputStream d = new DataInputStream(in);
            d.readInt();
            d.readUnsignedShort();
            d.readUnsignedShort();
            int n = d.readUnsignedShort();
            Map<Integer, String> utf8 = new HashMap<>();
            for (int i = 1; i < n; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.put(i, d.readUTF());
                    case 3, 4 -> d.readInt();
                    case 5, 6 -> {
                        d.readLong();
                        i++; // a long or double takes two slots
                    }
                    case 7, 8, 16, 19, 20 -> d.readUnsignedShort();
                    case 15 -> {
                        d.readUnsignedByte();
                        d.readUnsignedShort();
                    }
                    case 9, 10, 11, 12, 17, 18 -> d.readInt();
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            d.readUnsignedShort();
            d.readUnsignedShort();
            d.readUnsignedShort();
            d.skipBytes(2 * d.readUnsignedShort()); // interfaces
            for (int fields = d.readUnsignedShort(); fields > 0; fields--) {
                d.skipBytes(6);
                skipAttributes(d);
            }
            int found = -1;
            for (int methods = d.readUnsignedShort(); methods > 0; methods--) {
                d.readUnsignedShort();
                String m = utf8.get(d.readUnsignedShort());
                d.readUnsignedShort();
                for (int attrs = d.readUnsignedShort(); attrs > 0; attrs--) {
                    String a = utf8.get(d.readUnsignedShort());
                    int len = d.readInt();
                    if (a.equals("Code") && m.equals(name)) {
                        d.readUnsignedShort();
                        d.readUnsignedShort();
                        found = d.readInt();
                        d.skipBytes(len - 8);
                    } else {
                        d.skipBytes(len);
                    }
                }
            }
            if (found < 0) {
                throw new IOException("no method " + name + " in " + c);
            }
            return found;
        }
    }

    private static void skipAttributes(DataInputStream d) throws IOException {
        for (int attrs = d.readUnsignedShort(); attrs > 0; attrs--) {
            d.readUnsignedShort();
            d.skipBytes(d.readInt());
        }
    }
}
