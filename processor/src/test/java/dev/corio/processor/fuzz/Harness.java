package dev.corio.processor.fuzz;

import dev.corio.Coroutine;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs programs both ways and compares: compiles a batch of programs as reference classes (no processor)
 * and as @Async classes (with the processor) in one javac run each, runs every program's reference body
 * and its transformed state machine on a virtual-clock loop, and compares the trace of side effects, the
 * returned value and the exception (type, message, suppressed).
 */
final class Harness {
    /** How one run of a body ended, as seen from outside. */
    record Outcome(List<String> trace, String result, String exception) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (String t : trace) {
                sb.append("    ").append(t).append('\n');
            }
            sb.append("    => ").append(exception != null ? "threw " + exception : "returned " + result);
            return sb.toString();
        }
    }

    /**
     * GENERATED_CODE_ERROR: javac reports an error in a generated file, which the processor promises never
     * happens (what it cannot transform must be an error on the user's element); PROCESSOR_REJECTED: an error
     * on the user's class for a valid program.
     */
    enum Verdict { SAME, MISMATCH, GENERATED_CODE_ERROR, PROCESSOR_REJECTED, PROCESSOR_CRASHED, TRANSFORMED_HUNG,
        INVALID_PROGRAM }

    private static boolean compileFailure(Verdict v) {
        return v == Verdict.PROCESSOR_REJECTED || v == Verdict.PROCESSOR_CRASHED || v == Verdict.GENERATED_CODE_ERROR;
    }

    /** The verdict on one program, with what is needed to report it. */
    record Report(Program program, Verdict verdict, Outcome reference, Outcome transformed, String detail,
            String generated) {
        boolean failed() {
            return verdict != Verdict.SAME && verdict != Verdict.INVALID_PROGRAM;
        }

        /**
         * What makes two failures "the same bug" for the shrinker: the verdict, and for a rejected or crashed
         * compilation the first error message with class names, positions and numbers taken out.
         */
        String signature() {
            if (!compileFailure(verdict) || detail == null) {
                return verdict.name();
            }
            return normalize(detail.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
        }

        /**
         * Whether this report shows the failure {@code signature} stands for: for compile failures, any of
         * its errors (a program with two bugs reports them in an order that shifts as it shrinks).
         */
        boolean shows(String signature) {
            if (!compileFailure(verdict) || detail == null) {
                return verdict.name().equals(signature);
            }
            return detail.lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).map(this::normalize)
                    .anyMatch(signature::equals);
        }

        private String normalize(String first) {
            int colon = first.indexOf(": ");
            if (colon > 0 && first.substring(0, colon).matches("[\\w$]+:\\d+")) {
                first = first.substring(colon + 2);
            }
            // A hot NullPointerException loses its message (OmitStackTraceInFastThrow): compare the class only.
            first = first.replaceAll("(java\\.lang\\.NullPointerException)(: .*)?$", "$1");
            return verdict + " " + first.replaceAll("\\b(Corio_)?[TR]P\\d+\\w*", "C").replaceAll("\\d+", "N");
        }
    }

    private static final long RUN_TIMEOUT_MS = Long.getLong("corio.fuzz.runTimeoutMs", 10_000);
    private static int classCounter;

    private ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corio-fuzz-run");
            t.setDaemon(true);
            return t;
        });
    }

    void close() {
        worker.shutdownNow();
    }

    /** Checks every program of the batch; the reports are in the programs' order. */
    List<Report> check(List<Program> programs) {
        Map<Program, String> names = new IdentityHashMap<>();
        for (Program p : programs) {
            names.put(p, "P" + (++classCounter));
        }
        Report[] out = new Report[programs.size()];
        // 1. Reference: plain Java. A program that does not compile here is a generator bug.
        Map<Program, InMemoryCompiler.Result> refOk = new IdentityHashMap<>();
        Map<Program, InMemoryCompiler.Result> refBad = new IdentityHashMap<>();
        compileIsolating(programs, p -> "R" + names.get(p), false, refOk, refBad);
        // 2. Transformed: with the processor.
        List<Program> valid = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            Program p = programs.get(i);
            InMemoryCompiler.Result bad = refBad.get(p);
            if (bad != null) {
                out[i] = new Report(p, Verdict.INVALID_PROGRAM, null, null, failure(bad, "R" + names.get(p)), null);
            } else {
                valid.add(p);
            }
        }
        Map<Program, InMemoryCompiler.Result> trOk = new IdentityHashMap<>();
        Map<Program, InMemoryCompiler.Result> trBad = new IdentityHashMap<>();
        compileIsolating(valid, p -> "T" + names.get(p), true, trOk, trBad);
        for (int i = 0; i < programs.size(); i++) {
            Program p = programs.get(i);
            if (out[i] != null) {
                continue;
            }
            String cls = names.get(p);
            InMemoryCompiler.Result bad = trBad.get(p);
            if (bad != null) {
                out[i] = new Report(p, bad.crash != null ? Verdict.PROCESSOR_CRASHED
                        : bad.errorsInGenerated("T" + cls) ? Verdict.GENERATED_CODE_ERROR : Verdict.PROCESSOR_REJECTED,
                        null, null, failure(bad, "T" + cls), generated(bad, cls));
                if (out[i].detail().isBlank()) {
                    throw new IllegalStateException("a failed compilation with no error for " + cls + ":\n" + bad.allErrors());
                }
                continue;
            }
            InMemoryCompiler.Result r = trOk.get(p);
            String generated = generated(r, cls);
            ClassLoader refLoader = new InMemoryCompiler.Loader(refOk.get(p).classes);
            Outcome refOut = run(() -> runReference(refLoader, "R" + cls));
            if (refOut == null) {
                out[i] = new Report(p, Verdict.INVALID_PROGRAM, null, null, "reference run timed out", generated);
                continue;
            }
            ClassLoader trLoader = new InMemoryCompiler.Loader(r.classes);
            Outcome trOut = run(() -> runTransformed(trLoader, "T" + cls));
            if (trOut == null) {
                out[i] = new Report(p, Verdict.TRANSFORMED_HUNG, refOut, null, "no result after "
                        + RUN_TIMEOUT_MS + " ms", generated);
            } else if (!refOut.equals(trOut)) {
                out[i] = new Report(p, Verdict.MISMATCH, refOut, trOut, null, generated);
            } else {
                out[i] = new Report(p, Verdict.SAME, refOut, trOut, null, generated);
            }
        }
        return List.of(out);
    }

    private static String generated(InMemoryCompiler.Result r, String cls) {
        StringBuilder sb = new StringBuilder();
        r.generatedSources.forEach((k, v) -> {
            if (k.startsWith(Program.PACKAGE + ".Corio_T" + cls)) {
                sb.append("// ").append(k).append('\n').append(v).append('\n');
            }
        });
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String failure(InMemoryCompiler.Result r, String cls) {
        if (r.crash != null) {
            java.io.StringWriter sw = new java.io.StringWriter();
            r.crash.printStackTrace(new java.io.PrintWriter(sw));
            return "javac or the processor crashed:\n" + sw;
        }
        String mine = r.errorsForProgram(cls);
        return mine.isEmpty() ? r.allErrors() : mine;
    }

    /**
     * Compiles the programs (rendered as reference classes for prefix R, @Async classes for T) in as few
     * javac runs as possible: one for the whole batch, then, when that fails, again without the programs
     * whose files have errors, or by halves when a failure names no file (a crash). Each program ends up
     * in {@code ok} with the result holding its classes, or in {@code bad} with its own failure.
     */
    private void compileIsolating(List<Program> ps, java.util.function.Function<Program, String> cls, boolean processors,
            Map<Program, InMemoryCompiler.Result> ok, Map<Program, InMemoryCompiler.Result> bad) {
        if (ps.isEmpty()) {
            return;
        }
        Map<String, String> src = new LinkedHashMap<>();
        for (Program p : ps) {
            String c = cls.apply(p);
            src.put(c, c.startsWith("R") ? p.reference(c) : p.transformed(c));
        }
        InMemoryCompiler.Result r = InMemoryCompiler.compile(src, processors);
        if (r.success) {
            for (Program p : ps) {
                ok.put(p, r);
            }
            return;
        }
        if (ps.size() == 1) {
            bad.put(ps.get(0), r);
            return;
        }
        java.util.Set<String> files = r.filesWithErrors();
        List<Program> guilty = new ArrayList<>();
        List<Program> rest = new ArrayList<>();
        if (r.crash == null && !files.contains("") && !files.isEmpty()) {
            for (Program p : ps) {
                String c = cls.apply(p);
                boolean mine = files.stream().anyMatch(f -> f.equals(c) || f.equals("Corio_" + c)
                        || f.startsWith("Corio_" + c + "_") || f.startsWith("Corio_" + c + "$"));
                (mine ? guilty : rest).add(p);
            }
        }
        if (guilty.isEmpty()) {
            int h = ps.size() / 2;
            compileIsolating(ps.subList(0, h), cls, processors, ok, bad);
            compileIsolating(ps.subList(h, ps.size()), cls, processors, ok, bad);
            return;
        }
        // Errors stay with their files, so the guilty keep this run's errors; the rest compile again.
        for (Program g : guilty) {
            bad.put(g, r);
        }
        compileIsolating(rest, cls, processors, ok, bad);
    }

    /**
     * Runs the reference side only: SAME reports carrying the reference outcome, or INVALID_PROGRAM. For
     * testing the shrinker and the generator without a processor.
     */
    List<Report> referenceOutcomes(List<Program> programs) {
        Map<Program, String> names = new IdentityHashMap<>();
        for (Program p : programs) {
            names.put(p, "RQ" + (++classCounter));
        }
        Map<Program, InMemoryCompiler.Result> ok = new IdentityHashMap<>();
        Map<Program, InMemoryCompiler.Result> bad = new IdentityHashMap<>();
        compileIsolating(programs, names::get, false, ok, bad);
        List<Report> out = new ArrayList<>();
        for (Program p : programs) {
            String cls = names.get(p);
            if (bad.containsKey(p)) {
                out.add(new Report(p, Verdict.INVALID_PROGRAM, null, null, failure(bad.get(p), cls), null));
                continue;
            }
            ClassLoader loader = new InMemoryCompiler.Loader(ok.get(p).classes);
            Outcome o = run(() -> runReference(loader, cls));
            out.add(new Report(p, o == null ? Verdict.INVALID_PROGRAM : Verdict.SAME, o, null, null, null));
        }
        return out;
    }

    /**
     * Checks the generator alone (no processor): every program compiles as plain Java, terminates, and
     * gives the same outcome when run twice. Returns the programs that do not, as INVALID_PROGRAM reports.
     */
    List<Report> checkReferenceOnly(List<Program> programs) {
        Map<Program, String> names = new IdentityHashMap<>();
        for (Program p : programs) {
            names.put(p, "RP" + (++classCounter));
        }
        Map<Program, InMemoryCompiler.Result> ok = new IdentityHashMap<>();
        Map<Program, InMemoryCompiler.Result> badC = new IdentityHashMap<>();
        compileIsolating(programs, names::get, false, ok, badC);
        List<Report> bad = new ArrayList<>();
        for (Program p : programs) {
            String cls = names.get(p);
            if (badC.containsKey(p)) {
                bad.add(new Report(p, Verdict.INVALID_PROGRAM, null, null, failure(badC.get(p), cls), null));
                continue;
            }
            ClassLoader loader = new InMemoryCompiler.Loader(ok.get(p).classes);
            Outcome a = run(() -> runReference(loader, cls));
            Outcome b = a == null ? null : run(() -> runReference(loader, cls));
            if (a == null || b == null) {
                bad.add(new Report(p, Verdict.INVALID_PROGRAM, a, b, "did not terminate", null));
            } else if (!a.equals(b)) {
                bad.add(new Report(p, Verdict.INVALID_PROGRAM, a, b, "not deterministic", null));
            }
        }
        return bad;
    }

    private interface Body {
        Outcome call() throws Exception;
    }

    /** Runs on the worker thread; null on timeout (the stuck worker is abandoned). */
    private Outcome run(Body body) {
        Future<Outcome> f = worker.submit(() -> {
            FuzzBase.resetTrace();
            return body.call();
        });
        try {
            return f.get(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("harness failure", e.getCause());
        }
    }

    private static Outcome runReference(ClassLoader loader, String cls) throws Exception {
        Object self = loader.loadClass(Program.PACKAGE + "." + cls).getConstructor().newInstance();
        try {
            Object done = self.getClass().getMethod("run0").invoke(self);
            Object value = ((RefSide.Done<?>) done).get();
            return new Outcome(FuzzBase.finishTrace(), FuzzBase.show(value), null);
        } catch (InvocationTargetException e) {
            return new Outcome(FuzzBase.finishTrace(), null, describe(e.getCause()));
        } catch (RuntimeException e) {
            return new Outcome(FuzzBase.finishTrace(), null, describe(e));
        }
    }

    private static Outcome runTransformed(ClassLoader loader, String cls) throws Exception {
        Object self = loader.loadClass(Program.PACKAGE + ".Corio_" + cls).getConstructor().newInstance();
        Coroutine<?> main;
        try {
            main = (Coroutine<?>) self.getClass().getMethod("run0").invoke(self);
        } catch (InvocationTargetException e) {
            // Creating the coroutine must not run the body: that is a difference too.
            return new Outcome(FuzzBase.finishTrace(), null, "creating the coroutine threw " + describe(e.getCause()));
        }
        try {
            Object value = Corio.run(main, EventLoop::virtual);
            return new Outcome(FuzzBase.finishTrace(), FuzzBase.show(value), null);
        } catch (RuntimeException | Error e) {
            return new Outcome(FuzzBase.finishTrace(), null, describe(e));
        }
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        // Helpful NullPointerException messages name locals and fields, which the transformation renames.
        if (!(t instanceof NullPointerException)) {
            sb.append(": ").append(t.getMessage());
        }
        for (Throwable s : t.getSuppressed()) {
            sb.append(" [suppressed ").append(describe(s)).append(']');
        }
        if (t.getCause() != null && t.getCause() != t) {
            sb.append(" [cause ").append(Objects.toString(t.getCause())).append(']');
        }
        return sb.toString();
    }
}
