package dev.corio.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * javac's output kept in memory, for the test compilers (the fuzzer's and the corpus's): generated sources
 * by class name (javac reads them back to compile them), class files by class name when asked for, and
 * other output (resources a processor writes) dropped.
 */
public final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
    /** Generated sources by class name, in the order javac wrote them. */
    public final Map<String, String> generated = new LinkedHashMap<>();
    /** Class files by class name; empty unless {@code keepClasses}. */
    public final Map<String, byte[]> classes = new LinkedHashMap<>();
    private final boolean keepClasses;

    public MemoryFileManager(StandardJavaFileManager std, boolean keepClasses) {
        super(std);
        this.keepClasses = keepClasses;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
            JavaFileObject.Kind kind, FileObject sibling) {
        URI uri = URI.create("mem:///" + className.replace('.', '/') + kind.extension);
        return new SimpleJavaFileObject(uri, kind) {
            @Override
            public OutputStream openOutputStream() {
                return new ByteArrayOutputStream() {
                    @Override
                    public void close() {
                        if (kind != JavaFileObject.Kind.CLASS) {
                            generated.put(className, toString(StandardCharsets.UTF_8));
                        } else if (keepClasses) {
                            classes.put(className, toByteArray());
                        }
                    }
                };
            }

            @Override
            public Writer openWriter() {
                return new OutputStreamWriter(openOutputStream(), StandardCharsets.UTF_8);
            }

            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                String g = generated.get(className);
                return g == null ? "" : g;
            }
        };
    }

    @Override
    public FileObject getFileForOutput(JavaFileManager.Location location, String packageName,
            String relativeName, FileObject sibling) throws IOException {
        if (location == StandardLocation.CLASS_OUTPUT || location == StandardLocation.SOURCE_OUTPUT) {
            String key = packageName + "/" + relativeName;
            return new SimpleJavaFileObject(URI.create("mem:///" + key.replace('.', '/')), JavaFileObject.Kind.OTHER) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream();
                }
            };
        }
        return super.getFileForOutput(location, packageName, relativeName, sibling);
    }
}
