package dev.corio.processor.hoist;

import dev.corio.processor.Names;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.corio.processor.analyse.Body;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.VariableElement;

/**
 * The hoist phase's answer to "where does this variable live?". Parameters and locals that cross a state
 * boundary become fields of the state machine; a local whose every use sits in the state that declares it
 * stays a Java local there (the lowering runs twice: once to find those, once to emit).
 *
 * <p>Names stay the user's where they can; a name declared twice in the method (two {@code for (int i ...)})
 * gets a suffix, because fields and the locals of one switch case share a scope the original did not.
 *
 * <p>The generated code has fixed names of its own ({@code $self}, {@code $state}, {@code $value},
 * {@code $error}, {@code $result}, {@code SUSPENDED}, the label {@code machine}: see {@link #reserved}). A user
 * variable or label with such a name is renamed wherever it is declared, in flattened and in copied code
 * alike, so a fixed name always means the generated thing. Every other generated name (temporaries
 * {@code $t1}, completion fields {@code $finally1}, copies {@code x$2}, fresh bindings) comes from the
 * machine's {@link NameAllocator}, which knows every identifier of the body, so it never is one of the
 * user's: a user's {@code $t1} keeps its name.
 */
public final class Frame {
    private final Denotable denotable;
    private final Set<VariableElement> keepLocal;
    private final Map<VariableElement, Var> vars = new LinkedHashMap<>();
    private final List<Var> fields = new ArrayList<>();
    private final NameAllocator names;
    private final Map<String, Integer> declaredNames = new HashMap<>();
    private int temps;

    private final boolean firstPass;
    private final PrivateAccess access;

    /** {@code keepLocal} null: the first pass, where every local of flattened code is a field. */
    public Frame(Body body, Denotable denotable, Set<VariableElement> keepLocal) {
        this.firstPass = keepLocal == null;
        if (keepLocal == null) {
            keepLocal = Set.of();
        }
        this.denotable = denotable;
        this.keepLocal = keepLocal;
        this.access = new PrivateAccess(body.types(), denotable, body.owner);
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void p) {
                declaredNames.merge(node.getName().toString(), 1, Integer::sum);
                return super.visitVariable(node, p);
            }
        }.scan(body.method, null);
        this.names = new NameAllocator(body.method);
        names.reserve("$self");
        names.reserve("$state");
        names.reserve("$lines");
        names.reserve("$retval");
    }

    /** The allocator of this machine's names; every name the processor makes up comes from it. */
    public NameAllocator names() {
        return names;
    }

    /** The accessors for the private members the body uses. */
    public PrivateAccess access() {
        return access;
    }

    public Var param(VariableElement e) {
        return add(new Var(e, denotable.of(e.asType()), true, true, false, unique(e.getSimpleName().toString(), false)));
    }

    /** A local declared where the lowering flattens (a block, loop header, catch or resource of the machine). */
    public Var local(VariableElement e, boolean inferred) {
        Var v = vars.get(e);
        if (v != null) {
            return v;
        }
        boolean field = !keepLocal.contains(e);
        String base = e.getSimpleName().toString();
        boolean dup = declaredNames.getOrDefault(base, 0) > 1;
        TypeName type;
        try {
            type = denotable.of(e.asType());
        } catch (Denotable.NotDenotable n) {
            if (!firstPass && field) {
                throw n;
            }
            // pass 1 only counts states; a Java local of a local class's type is declared with `var`
            type = com.palantir.javapoet.ClassName.OBJECT;
            inferred = true;
        }
        return add(new Var(e, type, false, field, inferred, unique(base, dup)));
    }

    /** Whether pass 1 found that {@code e} never leaves one state (it then stays exactly as written). */
    public boolean kept(VariableElement e) {
        return keepLocal.contains(e);
    }

    /** The field type for a temporary; in the first pass an unnameable type is not an error yet. */
    public TypeName typeOf(javax.lang.model.type.TypeMirror t) {
        try {
            return denotable.of(t);
        } catch (Denotable.NotDenotable n) {
            if (firstPass) {
                return com.palantir.javapoet.ClassName.OBJECT;
            }
            throw n;
        }
    }

    public Var temp(TypeName type) {
        String name = names.numbered("$t", temps + 1);
        temps = Integer.parseInt(name.substring(2));
        Var v = new Var(null, type, false, true, false, name);
        fields.add(v);
        return v;
    }

    private Var add(Var v) {
        vars.put(v.element, v);
        if (v.field) {
            fields.add(v);
        }
        return v;
    }

    private String unique(String base, boolean forceSuffix) {
        if (!forceSuffix && !reserved(base) && names.claimUser(base)) {
            return base;
        }
        return names.numbered(base + "$", 2);
    }

    /** The variable for an element, or null when it is declared inside code copied through unchanged. */
    public Var lookup(javax.lang.model.element.Element e) {
        return e instanceof VariableElement ? vars.get(e) : null;
    }

    public List<Var> fields() {
        return fields;
    }

    public Map<VariableElement, Var> vars() {
        return vars;
    }

    public String fresh(String base) {
        return unique(base, true);
    }

    private static final java.util.regex.Pattern RESERVED = java.util.regex.Pattern.compile(
            "\\$(self|state|lines|value|error|retval|result|p|s|t)|" + Names.SUSPENDED + "|machine");

    /** Whether the generated code uses {@code name} itself (a field, a parameter of resume, a label). */
    public static boolean reserved(String name) {
        return RESERVED.matcher(name).matches();
    }

    private final Map<Object, String> renamed = new HashMap<>();

    /**
     * The name of a variable (its element the key) or label (its name the key) declared in code copied
     * through: its own, unless the generated code reserves that name.
     */
    public String copiedName(Object e, String name) {
        if (!reserved(name)) {
            return name;
        }
        return renamed.computeIfAbsent(e, x -> unique(name, true));
    }
}
