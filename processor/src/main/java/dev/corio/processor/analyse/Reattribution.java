package dev.corio.processor.analyse;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Whether javac can compile again the files the processor had it attribute.
 *
 * <p>The processor learns types by having javac attribute the {@code @Async} class during annotation
 * processing ({@link Body}). javac attributes the same trees again afterwards, after cleaning them for the
 * next round (and once more after the last round, before it compiles), and some state of the first
 * attribution survives into the next and breaks it, in code that may have nothing to do with the
 * {@code @Async} methods: javac's cache of the types of poly method arguments ({@code ArgumentAttr}, keyed by
 * source position, never cleared between rounds) hands the second attribution types that hold the type
 * variables of the first ("inference variable T has incompatible bounds: equality constraints: T, lower
 * bounds: T, ..."), and the types javac writes into implicitly typed lambda parameters come back as names it
 * cannot resolve ("cannot find symbol: class &lt;captured wildcard&gt;", without a position). Attributing in
 * the last round does not avoid it (javac cleans and attributes the trees once more after that round too),
 * and the public compiler API attributes nothing but the original trees (its copies, for
 * {@code Trees.getScope}, give no types back).
 *
 * <p>So every round that follows one in which the processor had a file attributed attributes that file again,
 * as javac will, and reports each tree that fails now and did not the first time as {@code [CorioRecompile]},
 * on the tree, with the workaround: the build stops there with an error that says what to change, instead
 * of javac's own error in code the user did not touch (or none with a position).
 */
public final class Reattribution {
    private final Trees trees;
    private final Elements elements;
    /** Top-level classes attributed in this round (by qualified name). */
    private final Set<String> thisRound = new LinkedHashSet<>();
    /** Classes attributed in an earlier round, with the start positions of the trees that failed then. */
    private final Map<String, Set<Long>> pending = new LinkedHashMap<>();
    private final Set<String> verified = new HashSet<>();

    public Reattribution(Trees trees, Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    /**
     * Notes that the processor had javac attribute {@code type}: javac attributes its top-level class, and the
     * top-level classes of its superclasses that have source.
     */
    public void attributed(TypeElement type) {
        for (TypeElement t = type; t != null; ) {
            Element top = t;
            while (top.getEnclosingElement() instanceof TypeElement) {
                top = top.getEnclosingElement();
            }
            if (trees.getPath(top) == null) {
                break;
            }
            String name = ((TypeElement) top).getQualifiedName().toString();
            if (!verified.contains(name) && !pending.containsKey(name)) {
                thisRound.add(name);
            }
            TypeMirror sup = t.getSuperclass();
            t = sup instanceof DeclaredType ? (TypeElement) ((DeclaredType) sup).asElement() : null;
        }
    }

    /** At the end of a round: what failed in the classes attributed in it, to compare with next round. */
    public void endRound() {
        for (String name : thisRound) {
            TypeElement t = elements.getTypeElement(name);
            TreePath p = t == null ? null : trees.getPath(t);
            if (p != null) {
                Set<Long> failed = new HashSet<>();
                failures(p, (tree, path) -> failed.add(start(path.getCompilationUnit(), tree)));
                pending.put(name, failed);
            }
        }
        thisRound.clear();
    }

    /**
     * In a round after the one that attributed them: attributes the classes again and reports what fails only
     * now. {@code crashed} turns a javac failure during that attribution into the error to report. False if
     * anything was reported.
     */
    public boolean verify(BiFunction<Throwable, String, String> crashed) {
        boolean ok = true;
        for (Map.Entry<String, Set<Long>> e : new ArrayList<>(pending.entrySet())) {
            String name = e.getKey();
            pending.remove(name);
            verified.add(name);
            TypeElement t = elements.getTypeElement(name);
            TreePath p = t == null ? null : trees.getPath(t);
            Tree any = p == null ? null : attributable((ClassTree) p.getLeaf());
            if (any == null) {
                continue;
            }
            try {
                trees.getElement(TreePath.getPath(p, any)); // attributes the class, as Body does
            } catch (RuntimeException | AssertionError x) { // never crash javac
                trees.printMessage(Diagnostic.Kind.ERROR, crashed.apply(x, "class " + name + " again"), p.getLeaf(),
                        p.getCompilationUnit());
                ok = false;
                continue;
            }
            CompilationUnitTree unit = p.getCompilationUnit();
            List<TreePath> fresh = new ArrayList<>();
            failures(p, (tree, path) -> {
                if (!e.getValue().contains(start(unit, tree))) {
                    fresh.add(path);
                }
            });
            for (TreePath f : fresh) {
                trees.printMessage(Diagnostic.Kind.ERROR, message(f, t), f.getLeaf(), unit);
                ok = false;
            }
        }
        return ok;
    }

    private String message(TreePath failed, TypeElement top) {
        Tree leaf = failed.getLeaf();
        String head = "[CorioRecompile] javac cannot compile this code a second time: the processor had javac attribute"
                + " " + top.getSimpleName() + "'s file during annotation processing (that is how it learns the types of"
                + " the @Async bodies), and javac keeps state of that attribution into its own attribution of the"
                + " file afterwards, where it no longer fits (a javac bug, JDK 17 to 25). ";
        if (leaf instanceof VariableTree && failed.getParentPath().getLeaf() instanceof LambdaExpressionTree) {
            return head + "Here: the type javac inferred for lambda parameter `" + ((VariableTree) leaf).getName()
                    + "`. Declare the parameter's type (`(E " + ((VariableTree) leaf).getName() + ") -> ...`), or move"
                    + " the @Async methods to a class in another file.";
        }
        return head + "Here: the types javac kept for the arguments of a generic call. Assign the arguments that"
                + " are conditional expressions, generic calls or lambdas to local variables of the parameter types"
                + " first, or move the @Async methods to a class in another file.";
    }

    /** The outermost trees under {@code classPath} whose type is an error, with their paths. */
    private void failures(TreePath classPath, BiConsumer<Tree, TreePath> found) {
        CompilationUnitTree unit = classPath.getCompilationUnit();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (tree == null) {
                    return null;
                }
                if (tree instanceof ExpressionTree || tree instanceof VariableTree) {
                    TreePath path = new TreePath(getCurrentPath(), tree);
                    TypeMirror type = trees.getTypeMirror(path);
                    if (type != null && type.getKind() == TypeKind.ERROR && start(unit, tree) >= 0) {
                        found.accept(tree, path);
                        return null;
                    }
                }
                return super.scan(tree, p);
            }
        }.scan(classPath, null);
    }

    private long start(CompilationUnitTree unit, Tree t) {
        return trees.getSourcePositions().getStartPosition(unit, t);
    }

    /** A tree of the class without a symbol of its own: asking for its element attributes the class. */
    private static Tree attributable(ClassTree c) {
        Tree[] found = {null};
        new com.sun.source.util.TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (found[0] == null && tree != null) {
                    if (tree instanceof BlockTree) {
                        found[0] = tree;
                    } else if (tree instanceof VariableTree && ((VariableTree) tree).getInitializer() != null) {
                        found[0] = ((VariableTree) tree).getInitializer();
                    } else {
                        super.scan(tree, p);
                    }
                }
                return null;
            }
        }.scan(c.getMembers(), null);
        return found[0];
    }
}
