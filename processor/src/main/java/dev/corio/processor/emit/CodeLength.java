package dev.corio.processor.emit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The bytecode size of a method in a class file: the {@code code_length} of its {@code Code} attribute (JVMS
 * 4.7.3). Reads just enough of the format (JVMS 4.1) for that: the constant pool is skipped entry by entry
 * (only its {@code Utf8} entries are kept, for the names), fields are skipped, and the methods are searched.
 * HotSpot never JIT-compiles a method whose bytecode is longer than {@code -XX:HugeMethodLimit} (8,000 bytes,
 * {@code DontCompileHugeMethods}): the processor warns where a state machine's {@code resume} is.
 */
public final class CodeLength {
    /** HotSpot's {@code -XX:HugeMethodLimit} default: above it a method is interpreted for ever. */
    public static final int HUGE_METHOD_LIMIT = 8000;

    private CodeLength() {
    }

    /**
     * The largest {@code code_length} of the methods named {@code method} in {@code classFile}; -1 if none has
     * code, or the bytes are not a class file this reader understands (then nothing is said about them).
     */
    public static int of(byte[] classFile, String method) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(classFile)), method);
        } catch (IOException | RuntimeException e) {
            return -1; // truncated or unknown: the check is advice, never a failure
        }
    }

    private static int read(DataInputStream in, String method) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            return -1;
        }
        in.readUnsignedShort(); // minor_version
        in.readUnsignedShort(); // major_version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: // Utf8
                    utf8[i] = in.readUTF(); // the class-file form is the modified UTF-8 readUTF reads
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    in.skipNBytes(2);
                    break;
                case 15: // MethodHandle
                    in.skipNBytes(3);
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    // Integer, Float, Fieldref, Methodref, InterfaceMethodref, NameAndType, Dynamic, InvokeDynamic
                    in.skipNBytes(4);
                    break;
                case 5: case 6: // Long, Double: two entries
                    in.skipNBytes(8);
                    i++;
                    break;
                default:
                    return -1; // a constant this reader does not know: say nothing
            }
        }
        in.skipNBytes(6); // access_flags, this_class, super_class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipNBytes(6); // access_flags, name_index, descriptor_index
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        int largest = -1;
        for (int m = 0; m < methods; m++) {
            in.skipNBytes(2); // access_flags
            String name = utf8[in.readUnsignedShort()];
            in.skipNBytes(2); // descriptor_index
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                long length = in.readInt() & 0xFFFFFFFFL;
                if (method.equals(name) && "Code".equals(attribute)) {
                    in.skipNBytes(4); // max_stack, max_locals
                    long code = in.readInt() & 0xFFFFFFFFL;
                    largest = (int) Math.max(largest, Math.min(code, Integer.MAX_VALUE));
                    in.skipNBytes(length - 8);
                } else {
                    in.skipNBytes(length);
                }
            }
        }
        return largest;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
        }
    }
}
