package dev.corio.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Frame;
import dev.corio.processor.hoist.Var;
import dev.corio.processor.lower.Code;
import dev.corio.processor.lower.Graph;
import dev.corio.processor.lower.Lowerer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The emit phase for one {@code @Async} method: a static nested class extending {@code Coroutine<T>} (an
 * async generator's: {@code AsyncGenerator<T>}, with the same {@code resume} contract) whose
 * {@code resume} is a loop around a switch on the state, with a catch that routes an exception to the
 * handler of the try region the state belongs to (design note transform.md, section 4).
 */
public final class MachineEmitter {
    static final ClassName COROUTINE = Names.COROUTINE;
    static final ClassName ASYNC_GENERATOR = Names.ASYNC_GENERATOR;

    private MachineEmitter() {
    }

    public static TypeSpec emit(String name, Body body, Frame frame, Graph graph, Lowerer lowerer,
            TypeName resultType, List<TypeVariableName> typeVars, TypeName selfType) {
        TypeSpec.Builder t = TypeSpec.classBuilder(name)
                // a name with `$` is a top-level class of its own (AsyncStep: a class whose file uses its generated name)
                .addModifiers(name.contains("$") ? new Modifier[] {Modifier.FINAL} : new Modifier[] {Modifier.STATIC, Modifier.FINAL})
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
                        body.unit.getLineMap().getLineNumber(body.positions.getStartPosition(body.unit, body.method.getBody())));
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        if (selfType != null) {
            t.addField(FieldSpec.builder(selfType, "$self", Modifier.PRIVATE, Modifier.FINAL).build());
            ctor.addParameter(selfType, "$self").addStatement("this.$$self = $$self");
        }
        for (Var v : frame.fields()) {
            t.addField(FieldSpec.builder(v.type, v.name, Modifier.PRIVATE).build());
            if (v.param) {
                ctor.addParameter(v.type, v.name).addStatement("this.$L = $L", v.name, v.name);
            }
        }
        if (!straight(graph)) {
            t.addField(FieldSpec.builder(TypeName.INT, "$state", Modifier.PRIVATE).build());
        }
        for (String f : lowerer.finallyFields) {
            t.addField(FieldSpec.builder(f.startsWith("$finally") ? TypeName.INT : ClassName.get(Throwable.class), f,
                    Modifier.PRIVATE).build());
        }
        if (lowerer.usesRetval) {
            t.addField(FieldSpec.builder(Object.class, "$retval", Modifier.PRIVATE).build());
        }
        t.addMethod(ctor.build());
        t.addMethod(resume(graph, lowerer.localClasses));
        frame.access().addTo(t); // handles and accessors for the private members the body uses
        // What a task's description shows (asyncio's `coro=<comments() ...>`), instead of Corio_Foo$Comments@1a2b.
        t.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", sourceName(body) + "()")
                .build());
        return t.build();
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

    private static MethodSpec resume(Graph graph, List<Code> localClasses) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Code c : localClasses) {
            b.add("// declared here so that every state sees it\n");
            b.add(c.toCodeBlock());
            b.add("\n");
        }
        if (straight(graph)) {
            // No await, so one state: the body as written, without the dispatch loop or a $state field (a
            // smaller object for the @Async methods that finish at once, which are awaited most often).
            Graph.State only = graph.states().get(0);
            for (Code c : only.code) {
                b.add(c.toCodeBlock());
                b.add("\n");
            }
            if (!only.terminated()) {
                b.addStatement("throw new $T($S)", IllegalStateException.class, "the body ended without a return");
            }
            return resumeMethod(b);
        }
        Map<Graph.Region, List<Graph.State>> regions = new LinkedHashMap<>();
        for (Graph.State s : graph.states()) {
            if (s.region != null) {
                regions.computeIfAbsent(s.region, k -> new ArrayList<>()).add(s);
            }
        }
        boolean routed = !regions.isEmpty();
        b.add("machine:\nfor (;;) {\n$>");
        if (routed) {
            b.add("try {\n$>");
        }
        b.add("switch ($$state) {\n$>");
        for (Graph.State s : graph.states()) {
            b.add("case $L: {", s.label.number());
            if (s.comment != null) {
                b.add(" // $L", s.comment);
            }
            b.add("\n$>");
            for (Code c : s.code) {
                b.add(c.toCodeBlock());
                b.add("\n");
            }
            b.add("$<}\n");
        }
        b.add("default:\n$>throw new $T(\"resumed in unknown state \" + $$state);\n$<", IllegalStateException.class);
        b.add("$<}\n");
        if (routed) {
            b.add("$<} catch ($T $$t) {\n$>", Throwable.class);
            b.add("// an exception goes to the handler of the try region its state is in\n");
            b.add("switch ($$state) {\n$>");
            for (Map.Entry<Graph.Region, List<Graph.State>> e : regions.entrySet()) {
                List<String> cases = new ArrayList<>();
                for (Graph.State s : e.getValue()) {
                    cases.add("case " + s.label.number() + ":");
                }
                b.add("$L // $L\n$>", String.join(" ", cases), e.getKey().comment);
                b.add("$$error = $$t;\n$$state = $L;\ncontinue machine;\n$<", e.getKey().handler);
            }
            b.add("default:\n$>throw $$t;\n$<");
            b.add("$<}\n");
            b.add("$<}\n");
        }
        b.add("$<}\n");
        return resumeMethod(b);
    }

    /** A machine without suspension points: a single state outside any flattened try. */
    private static boolean straight(Graph graph) {
        return graph.states().size() == 1 && graph.states().get(0).region == null;
    }

    private static MethodSpec resumeMethod(CodeBlock.Builder b) {
        return MethodSpec.methodBuilder("resume")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(Object.class)
                .addParameter(Object.class, "$value")
                .addParameter(Throwable.class, "$error")
                .addException(Throwable.class)
                .addCode(b.build())
                .build();
    }
}
