package dev.corio.processor.hoist;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.Set;

/**
 * The names of one machine (as JavaPoet's {@code NameAllocator}): seeded with every identifier the
 * method spells (parameters, locals, labels, names it uses, members it selects), so that a name the
 * processor makes up ({@code $t3}, {@code $finally1}, {@code x$2}, {@code awaited$2}) and every fixed name of
 * the generated code ({@code $self}, {@code $state}, the label {@code machine}: {@link MachineNames}) is one
 * the user's code never spells and no other generated name took. The user's own names are handed out as
 * written when they are free ({@link #claimUser}), and are never renamed for the generated code's sake.
 */
public final class NameAllocator {
    private final Set<String> spelled = new HashSet<>();
    private final Set<String> given = new HashSet<>();

    public NameAllocator(MethodTree method) {
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void p) {
                spelled.add(node.getName().toString());
                return super.visitVariable(node, p);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                spelled.add(node.getName().toString());
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void p) {
                spelled.add(node.getIdentifier().toString());
                return super.visitMemberSelect(node, p);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree node, Void p) {
                spelled.add(node.getName().toString());
                return super.visitMemberReference(node, p);
            }

            @Override
            public Void visitLabeledStatement(LabeledStatementTree node, Void p) {
                spelled.add(node.getLabel().toString());
                return super.visitLabeledStatement(node, p);
            }
        }.scan(method, null);
    }

    /** Whether the user's code spells {@code name} somewhere in the method. */
    public boolean spelled(String name) {
        return spelled.contains(name);
    }

    /** Takes {@code name} for a generated identifier, if the body never spells it and it is still free. */
    public boolean claim(String name) {
        return !spelled.contains(name) && given.add(name);
    }

    /** Takes {@code name}, one of the user's own, if no other variable of the machine has it yet. */
    boolean claimUser(String name) {
        return given.add(name);
    }

    /**
     * A name for one of the generated code's own parts ({@code $self}, {@code $state}, ...): {@code name}
     * itself when the body never spells it, else {@code name + n} for the first free {@code n >= 2}.
     */
    String fixed(String name) {
        return claim(name) ? name : numbered(name, 2);
    }

    /** {@code prefix + n} for the first {@code n >= from} that {@link #claim} takes. */
    public String numbered(String prefix, int from) {
        for (int n = from;; n++) {
            if (claim(prefix + n)) {
                return prefix + n;
            }
        }
    }
}
