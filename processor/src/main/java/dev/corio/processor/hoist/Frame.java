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
 * <p>Every generated name comes from the machine's {@link NameAllocator}, which knows every identifier of
 * the body: the generated code's own parts ({@code $self}, {@code $state}, {@code $value}, {@code $error},
 * the label {@code machine}, ...: {@link #fixed()}, allocated first), temporaries {@code $t1}, completion
 * fields {@code $finally1}, copies {@code x$2} and fresh bindings. So none is ever one of the user's, and
 * the user's names stay as written: a user's {@code $state} or {@code $t1} keeps its name, and the machine's
 * state field is then {@code $state2}.
 */
public final class Frame {
    private final Denotable denotable;
    private final Set<VariableElement> keepLocal;
    /** Pattern bindings whose scope the lowering cuts ({@link #cutScope}): variables of the machine. */
    private final Set<VariableElement> cut = new java.util.HashSet<>();
    private final Map<VariableElement, Var> vars = new LinkedHashMap<>();
    private final List<Var> fields = new ArrayList<>();
    private final NameAllocator names;
    private final MachineNames fixed;
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
        this.fixed = MachineNames.allocate(names);
    }

    /** The names of the generated code's own parts in this machine. */
    public MachineNames fixed() {
        return fixed;
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
        boolean field = !kept(e);
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
        return keepLocal.contains(e) && !cut.contains(e);
    }

    /**
     * A pattern binding whose test the lowering evaluates in a statement of its own (the left operand of a
     * {@code &&} or {@code ||} whose right operand suspends, stored in a temporary), so that Java's scope
     * of the binding (JLS 6.3.1) ends with that statement while the source reads it further on (in the right
     * operand, then in the branch the condition decides): it is a variable of the machine, whatever its
     * states, and the test copies into it (docs/processor.md, "Pattern bindings"). Called before the test is
     * rendered.
     */
    public void cutScope(VariableElement binding) {
        if (vars.containsKey(binding) && !vars.get(binding).field) {
            throw new IllegalStateException("binding " + binding + " already rendered as a Java binding");
        }
        cut.add(binding);
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
        if (!forceSuffix && names.claimUser(base)) {
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
}
