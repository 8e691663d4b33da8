package dev.corio.processor.emit;

import dev.corio.processor.Names;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.MachineNames;
import dev.corio.processor.hoist.PrivateAccess;
import dev.corio.processor.lower.Code;
import dev.corio.processor.lower.Layout;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The emit phase for one {@code @Async} method: a static nested class extending {@code Coroutine<T>} (an
 * async generator's: {@code AsyncGenerator<T>}, with the same {@code resume} contract) whose
 * {@code resume} is a loop around a switch on the state, with a catch that routes an exception to the
 * handler of the try region the state belongs to (design note transform.md, section 4). It writes what the
 * machine's {@link Layout} says, and nothing it would have to work out from the lowering.
 */
public final class MachineEmitter {
    static final ClassName COROUTINE = Names.type(Names.COROUTINE);
    static final ClassName ASYNC_GENERATOR = Names.type(Names.ASYNC_GENERATOR);

    private MachineEmitter() {
    }

    /** {@code topLevel}: the machine is a class of its own file ({@code Corio_Foo$M}), else nested in {@code Corio_Foo}. */
    public static TypeSpec emit(String name, boolean topLevel, Body body, Layout layout, PrivateAccess access,
            TypeName resultType, List<TypeVariableName> typeVars, TypeName selfType) {
        TypeSpec.Builder t = TypeSpec.classBuilder(name)
                // top-level: a class of its own (AsyncStep: a class whose file uses its generated name); not
                // guessed from a `$` in the name, which a method's own name may have (a$b -> machine A$b)
                .addModifiers(topLevel ? new Modifier[] {Modifier.FINAL} : new Modifier[] {Modifier.STATIC, Modifier.FINAL})
                .addTypeVariables(typeVars)
                // an async generator's machine is driven by the steps of AsyncGenerator (anext, asend, ...)
                .superclass(ParameterizedTypeName.get(body.isGenerator() ? ASYNC_GENERATOR : COROUTINE, resultType))
                .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                        // auxiliaryclass: the body may use a non-public class declared in another class's file
                        .addMember("value", "{$S, $S, $S, $S, $S, $S}", "unchecked", "rawtypes", "cast", "fallthrough", "unused",
                                "auxiliaryclass")
                        .build())
                .addJavadoc("The state machine of {@link $T#$L} ($L:$L).\n", ClassName.get(body.owner),
                        body.element.getSimpleName() + "(" + paramTypes(body) + ")", body.fileName(),
                        layout.bodyLine());
        MachineNames n = layout.names();
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        if (selfType != null) {
            t.addField(FieldSpec.builder(selfType, n.self(), Modifier.PRIVATE, Modifier.FINAL).build());
            ctor.addParameter(selfType, n.self()).addStatement("this.$L = $L", n.self(), n.self());
        }
        for (Layout.Field f : layout.fields()) {
            t.addField(FieldSpec.builder(f.type(), f.name(), Modifier.PRIVATE).build());
            if (f.parameter()) {
                ctor.addParameter(f.type(), f.name()).addStatement("this.$L = $L", f.name(), f.name());
            }
        }
        registerCode(t, name, body, layout); // before resume: LineMap.apply fills in the map of the markers after it
        t.addMethod(ctor.build());
        t.addMethod(resume(layout, body.fileName()));
        if (!body.isGenerator()) {
            ClearLocals.addTo(t, layout); // a task's finished coroutine keeps none of its locals' values
        }
        access.addTo(t); // handles and accessors for the private members the body uses
        return t.build();
    }

    /**
     * The machine's code, registered once by its static initializer ({@code Coroutine.registerCode}): what
     * {@code toString} says (asyncio's {@code coro=<comments() ...>}, instead of {@code Corio_Foo$Comments@1a2b}),
     * and for async stack traces and task dumps the user's class, method and file, the source line of each
     * state by state number (a suspended frame's state is the one its await resumes in, whose line is the
     * await's statement) and the map of generated lines back to source lines ({@link LineMap#apply} fills it
     * in once the file is rendered). One static call instead of three overrides and a table: less for javac
     * to compile per machine (issue 14). Read only when an exception crosses an await or a task is inspected.
     */
    private static void registerCode(TypeSpec.Builder t, String name, Body body, Layout layout) {
        long start = layout.bodyLine();
        String file = body.fileName();
        List<String> lines = new ArrayList<>();
        long last = start;
        for (Layout.State s : layout.states()) {
            last = lineOf(s.comment(), file, last); // a state without a line of its own keeps the one before
            lines.add(Long.toString(last));
            if (layout.straight()) {
                break; // one state, and no state field
            }
        }
        String state = layout.straight() ? null : layout.names().state();
        t.addStaticBlock(CodeBlock.builder()
                .add("// for toString, async stack traces and task dumps: the line of each state, generated -> source lines\n")
                .addStatement("$L($T.lookup(), $S, $S, $S, $S, $S, $S, $S)", Names.REGISTER_CODE, MethodHandles.class,
                        sourceName(body) + "()", binaryName(body.owner), body.element.getSimpleName().toString(), file,
                        state, String.join(" ", lines), LineMap.placeholder(name))
                .build());
    }

    /** The line in a state's comment ({@code Foo.java:42: ...}, or a text naming {@code Foo.java:42}), else {@code otherwise}. */
    static long lineOf(String comment, String file, long otherwise) {
        if (comment == null) {
            return otherwise;
        }
        int at = comment.indexOf(file + ":");
        if (at < 0 || (at > 0 && !Character.isWhitespace(comment.charAt(at - 1)))) {
            return otherwise;
        }
        int from = at + file.length() + 1;
        int to = from;
        while (to < comment.length() && Character.isDigit(comment.charAt(to))) {
            to++;
        }
        return to == from ? otherwise : Long.parseLong(comment.substring(from, to));
    }

    /** The binary name of the user's class ({@code a.b.Outer$Inner}), as a stack trace names it. */
    private static String binaryName(javax.lang.model.element.TypeElement type) {
        javax.lang.model.element.Element outer = type.getEnclosingElement();
        if (outer instanceof javax.lang.model.element.TypeElement o) {
            return binaryName(o) + "$" + type.getSimpleName();
        }
        return type.getQualifiedName().toString();
    }

    /** {@code Crawler.comments}: the method's simple class name (nested ones dotted) and name. */
    private static String sourceName(Body body) {
        String qualified = body.owner.getQualifiedName().toString();
        String pkg = packageOf(body);
        String simple = pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
        return simple + "." + body.element.getSimpleName();
    }

    private static String packageOf(Body body) {
        javax.lang.model.element.Element e = body.owner;
        while (!(e instanceof javax.lang.model.element.PackageElement)) {
            e = e.getEnclosingElement();
        }
        return ((javax.lang.model.element.PackageElement) e).getQualifiedName().toString();
    }

    private static String paramTypes(Body body) {
        List<String> l = new ArrayList<>();
        body.element.getParameters().forEach(p -> l.add(erasure(p.asType().toString())));
        return String.join(", ", l);
    }

    private static String erasure(String type) {
        int lt = type.indexOf('<');
        return lt < 0 ? type : type.substring(0, lt);
    }

    /** A statement of the body, after a {@link LineMap#marker} naming the source line it comes from. */
    private static void statement(CodeBlock.Builder b, Code c, String source, String file) {
        CodeBlock block = c.toCodeBlock();
        b.add("$L", LineMap.marker(source == null ? -1 : lineOf(source, file, -1), c.toString()));
        b.add(block);
        b.add("\n");
    }

    private static MethodSpec resume(Layout layout, String file) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Code c : layout.localClasses()) {
            b.add("// declared here so that every state sees it\n");
            b.add(c.toCodeBlock());
            b.add("\n");
        }
        if (layout.straight()) {
            // No await, so one state: the body as written, without the dispatch loop or a $state field (a
            // smaller object for the @Async methods that finish at once, which are awaited most often).
            Layout.State only = layout.states().get(0);
            for (int i = 0; i < only.code().size(); i++) {
                statement(b, only.code().get(i), only.sources().get(i), file);
            }
            if (!only.terminated()) {
                b.addStatement("throw new $T($S)", IllegalStateException.class, "the body ended without a return");
            }
            return resumeMethod(b, layout.names());
        }
        boolean routed = !layout.routes().isEmpty();
        MachineNames n = layout.names();
        b.add("$L:\nfor (;;) {\n$>", n.loop());
        if (routed) {
            b.add("try {\n$>");
        }
        b.add("switch ($L) {\n$>", n.state());
        for (Layout.State s : layout.states()) {
            b.add("case $L: {", s.number());
            if (s.comment() != null) {
                b.add(" // $L", s.comment());
            }
            b.add("\n$>");
            if (s.loop() != null) {
                // the state's jumps back to itself continue this loop: no state write, no trip through the switch
                b.add("$L:\nfor (;;) {\n$>", s.loop());
            }
            for (int i = 0; i < s.code().size(); i++) {
                statement(b, s.code().get(i), s.sources().get(i), file);
            }
            if (s.loop() != null) {
                if (!s.terminated()) {
                    b.add("break; // into the next state\n");
                }
                b.add("$<}\n");
            }
            b.add("$<}\n");
        }
        b.add("default:\n$>throw new $T(\"resumed in unknown state \" + $L);\n$<", IllegalStateException.class, n.state());
        b.add("$<}\n");
        if (routed) {
            b.add("$<} catch ($T $L) {\n$>", Throwable.class, n.thrown());
            b.add("// an exception goes to the handler of the try region its state is in\n");
            b.add("switch ($L) {\n$>", n.state());
            for (Layout.Route r : layout.routes()) {
                List<String> cases = new ArrayList<>();
                for (int s : r.states()) {
                    cases.add("case " + s + ":");
                }
                b.add("$L // $L\n$>", String.join(" ", cases), r.comment());
                b.add("$L = $L;\n$L = $L;\ncontinue $L;\n$<", n.error(), n.thrown(), n.state(), r.handler(), n.loop());
            }
            b.add("default:\n$>throw $L;\n$<", n.thrown());
            b.add("$<}\n");
            b.add("$<}\n");
        }
        b.add("$<}\n");
        return resumeMethod(b, layout.names());
    }

    private static MethodSpec resumeMethod(CodeBlock.Builder b, MachineNames n) {
        return MethodSpec.methodBuilder(Names.RESUME)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(Object.class)
                .addParameter(Object.class, n.value())
                .addParameter(Throwable.class, n.error())
                .addException(Throwable.class)
                .addCode(b.build())
                .build();
    }
}
