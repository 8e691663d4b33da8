package dev.corio.processor.analyse;

import dev.corio.processor.analyse.checks.BodyChecks;
import dev.corio.processor.analyse.checks.CapturedLambdaParameterCheck;
import dev.corio.processor.analyse.checks.DeclarationChecks;
import dev.corio.processor.analyse.checks.PlacementChecks;
import dev.corio.processor.diagnostics.Reporter;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The analyse phase's checks: every misuse the processor can see becomes a compile error on the offending
 * element or tree, with a stable tag and a message that names the fix. Nothing is generated for a class
 * with an error, so javac never sees generated code built on a mistake. One class of checks a concept, in
 * {@code analyse.checks}: declarations, bodies (with private uses), placement in the file, and javac's
 * captured lambda parameters; this is the processor's one entry to them.
 */
public final class Checks {
    private final DeclarationChecks declarations;
    private final BodyChecks bodies;
    private final PlacementChecks placement;
    private final CapturedLambdaParameterCheck lambdaParameters;

    public Checks(Reporter reporter, Trees trees) {
        this.declarations = new DeclarationChecks(reporter);
        this.bodies = new BodyChecks(reporter);
        this.placement = new PlacementChecks(reporter);
        this.lambdaParameters = new CapturedLambdaParameterCheck(reporter, trees);
    }

    /** Checks the class that holds {@code @Async} methods; {@code hasInstance}: some are instance methods. */
    public boolean checkClass(TypeElement type, boolean hasInstance, String generated) {
        return declarations.checkClass(type, hasInstance, generated);
    }

    /** Checks an {@code @Async} method's declaration. */
    public boolean checkMethod(ExecutableElement m, String generated) {
        return declarations.checkMethod(m, generated);
    }

    /** Checks an attributed body for awaits where they cannot suspend and for unreachable members. */
    public boolean checkBody(Body b, String generated) {
        return bodies.checkBody(b, generated);
    }

    /** {@code @Async} on a method of a local or anonymous class of the file. */
    public void checkLocalAsync(CompilationUnitTree unit) {
        placement.checkLocalAsync(unit);
    }

    /** Awaits and generator markers outside any {@code @Async} body of {@code type}. */
    public void checkAwaitOutsideAsync(Trees attributed, TypeElement type, List<? extends ExecutableElement> asyncMethods,
            CompilationUnitTree userUnit) {
        placement.checkAwaitOutsideAsync(attributed, type, asyncMethods, userUnit);
    }

    /** Implicitly typed lambda parameters of captured types in the class's file (javac's limitation). */
    public boolean checkCapturedLambdaParameters(TypeElement type) {
        return lambdaParameters.checkCapturedLambdaParameters(type);
    }
}
