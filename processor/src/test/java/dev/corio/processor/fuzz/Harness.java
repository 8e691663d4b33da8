package dev.corio.processor.fuzz;

import dev.corio.Coroutine;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
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

    enum Verdict { SAME, MISMATCH, PROCESSOR_REJECTED, PROCESSOR_CRASHED, TRANSFORMED_HUNG, INVALID_PROGRAM }

    /** The verdict on one program, with what is needed to report it. */
    record Report(Program program, Verdict verdict, Outcome reference, Outcome transformed, String detail,
            String generated) {
        boolean failed() {
            return verdict != Verdict.SAME && verdict != Verdict.INVALID_PROGRAM;
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
        Map<Program, String> names = new LinkedHashMap<>();
        for (Program p : programs) {
            names.put(p, "P" + (++classCounter));
        }
        Report[] out = new Report[programs.size()];
        // 1. Reference: plain Java. A program that does not compile here is a generator bug.
        Map<String, String> refSources = new LinkedHashMap<>();
        for (Program p : programs) {
            refSources.put("R" + names.get(p), p.reference("R" + names.get(p)));
        }
        InMemoryCompiler.Result ref = InMemoryCompiler.compile(refSources, false);
        List<Program> valid = new ArrayList<>();
        if (!ref.success) {
            java.util.Set<String> bad = ref.filesWithErrors();
            for (int i = 0; i < programs.size(); i++) {
                Program p = programs.get(i);
                String cls = "R" + names.get(p);
                if (bad.contains(cls) || bad.contains("")) {
                    out[i] = new Report(p, Verdict.INVALID_PROGRAM, null, null, ref.errorsFor(cls) + ref.allErrors(), null);
                } else {
                    valid.add(p);
                }
            }
            Map<String, String> again = new LinkedHashMap<>();
            for (Program p : valid) {
                again.put("R" + names.get(p), refSources.get("R" + names.get(p)));
            }
            ref = again.isEmpty() ? ref : InMemoryCompiler.compile(again, false);
            if (!ref.success) {
                throw new IllegalStateException("reference compile failed twice:\n" + ref.allErrors());
            }
        } else {
            valid.addAll(programs);
        }
        // 2. Transformed: with the processor. Failures are isolated by splitting the batch.
        Map<Program, InMemoryCompiler.Result> tr = new LinkedHashMap<>();
        Map<Program, Report> rejected = new LinkedHashMap<>();
        compileTransformed(valid, names, tr, rejected);
        ClassLoader refLoader = new InMemoryCompiler.Loader(ref.classes);
        for (int i = 0; i < programs.size(); i++) {
            Program p = programs.get(i);
            if (out[i] != null) {
                continue;
            }
            if (rejected.containsKey(p)) {
                out[i] = rejected.get(p);
                continue;
            }
            InMemoryCompiler.Result r = tr.get(p);
            String cls = names.get(p);
            String generated = r.generatedSources.get(Program.PACKAGE + ".Corio_T" + cls);
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

    /**
     * Checks the generator alone (no processor): every program compiles as plain Java, terminates, and
     * gives the same outcome when run twice. Returns the programs that do not, as INVALID_PROGRAM reports.
     */
    List<Report> checkReferenceOnly(List<Program> programs) {
        Map<String, String> src = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Program p : programs) {
            String cls = "RP" + (++classCounter);
            names.add(cls);
            src.put(cls, p.reference(cls));
        }
        InMemoryCompiler.Result ref = InMemoryCompiler.compile(src, false);
        List<Report> bad = new ArrayList<>();
        java.util.Set<String> errs = ref.success ? java.util.Set.of() : ref.filesWithErrors();
        if (!ref.success) {
            for (int i = 0; i < programs.size(); i++) {
                if (errs.contains(names.get(i)) || errs.contains("")) {
                    bad.add(new Report(programs.get(i), Verdict.INVALID_PROGRAM, null, null,
                            ref.errorsFor(names.get(i)), null));
                }
            }
            return bad;
        }
        ClassLoader loader = new InMemoryCompiler.Loader(ref.classes);
        for (int i = 0; i < programs.size(); i++) {
            String cls = names.get(i);
            Outcome a = run(() -> runReference(loader, cls));
            Outcome b = a == null ? null : run(() -> runReference(loader, cls));
            if (a == null || b == null) {
                bad.add(new Report(programs.get(i), Verdict.INVALID_PROGRAM, a, b, "did not terminate", null));
            } else if (!a.equals(b)) {
                bad.add(new Report(programs.get(i), Verdict.INVALID_PROGRAM, a, b, "not deterministic", null));
            }
        }
        return bad;
    }

    private void compileTransformed(List<Program> ps, Map<Program, String> names,
            Map<Program, InMemoryCompiler.Result> ok, Map<Program, Report> rejected) {
        if (ps.isEmpty()) {
            return;
        }
        Map<String, String> src = new LinkedHashMap<>();
        for (Program p : ps) {
            String cls = "T" + names.get(p);
            src.put(cls, p.transformed(cls));
        }
        InMemoryCompiler.Result r = InMemoryCompiler.compile(src, true);
        if (r.success) {
            for (Program p : ps) {
                ok.put(p, r);
            }
            return;
        }
        if (ps.size() == 1) {
            Program p = ps.get(0);
            String gen = r.generatedSources.get(Program.PACKAGE + ".Corio_T" + names.get(p));
            if (r.crash != null) {
                java.io.StringWriter sw = new java.io.StringWriter();
                r.crash.printStackTrace(new java.io.PrintWriter(sw));
                rejected.put(p, new Report(p, Verdict.PROCESSOR_CRASHED, null, null, sw.toString(), gen));
            } else {
                rejected.put(p, new Report(p, Verdict.PROCESSOR_REJECTED, null, null, r.allErrors(), gen));
            }
            return;
        }
        // Errors name their files; a crash or an error without a file needs bisection.
        java.util.Set<String> bad = r.filesWithErrors();
        List<Program> guilty = new ArrayList<>();
        List<Program> rest = new ArrayList<>();
        if (r.crash == null && !bad.contains("")) {
            for (Program p : ps) {
                String cls = "T" + names.get(p);
                if (bad.contains(cls) || bad.contains("Corio_" + cls) || bad.stream().anyMatch(b -> b.startsWith("Corio_" + cls + "_")
                        || b.startsWith("Corio_" + cls + "$"))) {
                    guilty.add(p);
                } else {
                    rest.add(p);
                }
            }
        }
        if (guilty.isEmpty()) {
            int h = ps.size() / 2;
            compileTransformed(ps.subList(0, h), names, ok, rejected);
            compileTransformed(ps.subList(h, ps.size()), names, ok, rejected);
            return;
        }
        for (Program g : guilty) {
            compileTransformed(List.of(g), names, ok, rejected);
        }
        compileTransformed(rest, names, ok, rejected);
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
