package dev.corio.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import dev.corio.processor.emit.CodeLength;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The warning where a state machine's {@code resume} is past HotSpot's 8,000-byte limit
 * ({@code -XX:HugeMethodLimit}), above which the JIT never compiles it: a {@code resume} is 1.6-3x the
 * bytecode of the method it holds, so a long method can cross it when transformed. Only the class file tells
 * the size, and javac writes it after the processor is done: a {@link TaskListener} (public compiler API),
 * registered once a compilation, reads the machine's class file back through the {@code Filer} when javac
 * has generated it ({@link TaskEvent.Kind#GENERATE} finished), measures {@code resume}
 * ({@link CodeLength}) and warns on the user's {@code @Async} method. Where the class file cannot be read
 * (another output location, a file manager that keeps it elsewhere) it says nothing; it never fails the
 * compilation (docs/processor.md, "Huge state machines").
 */
final class HugeResume implements TaskListener {
    private final ProcessingEnvironment env;
    private final Reporter reporter;
    /** The machines written, by binary name: where to report on the user's method. */
    private final Map<String, Owner> machines = new HashMap<>();

    /**
     * The user's method: its declaration's tree in its file, taken while processing, since once javac has
     * lowered and generated the class its element no longer leads to a position; else its class and key
     * ({@link #key}), to find the element again.
     */
    private static final class Owner {
        final String name;
        final String type;
        final String key;
        final com.sun.source.tree.Tree tree;
        final com.sun.source.tree.CompilationUnitTree unit;

        Owner(String name, String type, String key, com.sun.source.util.TreePath path) {
            this.name = name;
            this.type = type;
            this.key = key;
            this.tree = path == null ? null : path.getLeaf();
            this.unit = path == null ? null : path.getCompilationUnit();
        }
    }

    private HugeResume(ProcessingEnvironment env, Reporter reporter) {
        this.env = env;
        this.reporter = reporter;
    }

    /** The check, registered on javac's task; null where there is no javac task to listen to. */
    static HugeResume register(ProcessingEnvironment env, Reporter reporter) {
        try {
            HugeResume h = new HugeResume(env, reporter);
            JavacTask.instance(JavacEnvironment.javac(env)).addTaskListener(h);
            return h;
        } catch (IllegalArgumentException | IllegalStateException | LinkageError e) {
            return null; // not javac's environment: no class files to measure
        }
    }

    /** The machine class {@code binaryName} holds {@code method} (a method of {@code type}). */
    void expect(String binaryName, TypeElement type, ExecutableElement method) {
        com.sun.source.util.TreePath path;
        try {
            path = JavacEnvironment.trees(env).getPath(method);
        } catch (RuntimeException | LinkageError e) {
            path = null;
        }
        machines.put(binaryName, new Owner(method.getSimpleName().toString(), type.getQualifiedName().toString(),
                key(method, env.getTypeUtils()), path));
    }

    @Override
    public void started(TaskEvent e) {
    }

    @Override
    public void finished(TaskEvent e) {
        if (e.getKind() != TaskEvent.Kind.GENERATE || e.getTypeElement() == null || machines.isEmpty()) {
            return;
        }
        try {
            check(e.getTypeElement());
        } catch (RuntimeException | LinkageError ignored) {
            // advice only: whatever fails here (a file manager's surprise) must not fail the build
        }
    }

    private void check(TypeElement machine) {
        Elements el = env.getElementUtils();
        String binary = el.getBinaryName(machine).toString();
        Owner owner = machines.remove(binary);
        if (owner == null) {
            return;
        }
        String pkg = el.getPackageOf(machine).getQualifiedName().toString();
        String relative = (pkg.isEmpty() ? binary : binary.substring(pkg.length() + 1)) + ".class";
        byte[] bytes;
        try {
            FileObject f = env.getFiler().getResource(StandardLocation.CLASS_OUTPUT, pkg, relative);
            try (InputStream in = f.openInputStream()) {
                bytes = in.readAllBytes();
            }
        } catch (java.io.IOException | RuntimeException notThere) {
            return; // written elsewhere, or not readable back: nothing to say
        }
        int size = CodeLength.of(bytes, Names.RESUME);
        if (size <= CodeLength.HUGE_METHOD_LIMIT) {
            return;
        }
        String message = "the state machine of " + owner.name
                + "() has a resume method of " + size + " bytes of bytecode, past HotSpot's limit of "
                + CodeLength.HUGE_METHOD_LIMIT + " (-XX:HugeMethodLimit), above which the JIT never compiles it:"
                + " the method runs interpreted. Split it into smaller @Async methods, or move the parts"
                + " without an await into plain methods";
        if (owner.tree != null && owner.unit != null) {
            reporter.report(owner.tree, owner.unit, Tag.HUGE_RESUME, message);
            return;
        }
        ExecutableElement method = method(el.getTypeElement(owner.type), owner.key);
        if (method != null) {
            reporter.report(method, Tag.HUGE_RESUME, message);
        }
    }

    /** The method of {@code type} (as this round's elements have it) with {@code key}; null if none. */
    private ExecutableElement method(TypeElement type, String key) {
        if (type == null) {
            return null;
        }
        for (Element e : type.getEnclosedElements()) {
            if (e instanceof ExecutableElement && key.equals(key((ExecutableElement) e, env.getTypeUtils()))) {
                return (ExecutableElement) e;
            }
        }
        return null;
    }

    /** Name and erased parameter types: the same method in every round, whose elements javac makes anew. */
    private static String key(ExecutableElement m, Types types) {
        StringBuilder b = new StringBuilder(m.getSimpleName()).append('(');
        m.getParameters().forEach(p -> b.append(types.erasure(p.asType())).append(','));
        return b.append(')').toString();
    }
}
