package dev.corio.processor.corpus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The corpus run: every compilation unit of a library's source jar converted ({@link Converter}) and
 * compiled with the processor; each converted method gets one {@link Outcome}. See docs/corpus.md.
 */
final class Corpus {
    /** What became of one converted method. */
    enum Outcome {
        /** transformed, and the generated code compiles */
        TRANSFORMED,
        /** a Corio diagnostic (tag) on the method or its class */
        DIAGNOSTIC,
        /** an error in a generated Corio_ file */
        GENERATED_ERROR,
        /** [CorioInternal] */
        INTERNAL,
        /** javac threw */
        CRASH,
        /** javac rejects the converted source itself (the converter's fault, or javac typing it differently) */
        CONVERSION_ERROR,
        /** an error in the user's file, without the processor's tag, that only a compilation with the processor has */
        PROCESSOR_ERROR;

        boolean bad() {
            return this != TRANSFORMED && this != DIAGNOSTIC;
        }
    }

    /** One library: its source jar and the jars it compiles against (its own first). */
    record Library(String name, File sources, List<File> classPath) {
        static List<Library> all(File dir) {
            File lib = new File(dir, "lib");
            File src = new File(dir, "src");
            List<Library> out = new ArrayList<>();
            out.add(new Library("commons-lang3", jar(src, "commons-lang3-"), List.of(jar(lib, "commons-lang3-"))));
            out.add(new Library("commons-text", jar(src, "commons-text-"),
                    List.of(jar(lib, "commons-text-"), jar(lib, "commons-lang3-"))));
            out.add(new Library("commons-collections4", jar(src, "commons-collections4-"),
                    List.of(jar(lib, "commons-collections4-"))));
            out.add(new Library("commons-io", jar(src, "commons-io-"), List.of(jar(lib, "commons-io-"))));
            out.add(new Library("commons-math3", jar(src, "commons-math3-"), List.of(jar(lib, "commons-math3-"))));
            out.add(new Library("commons-codec", jar(src, "commons-codec-"), List.of(jar(lib, "commons-codec-"))));
            out.add(new Library("commons-compress", jar(src, "commons-compress-"), List.of(jar(lib, "commons-compress-"),
                    jar(lib, "commons-codec-"), jar(lib, "commons-io-"), jar(lib, "commons-lang3-"))));
            out.add(new Library("guava", jar(src, "guava-"), List.of(jar(lib, "guava-"), jar(lib, "failureaccess-"),
                    jar(lib, "jspecify-"), jar(lib, "error_prone_annotations-"), jar(lib, "j2objc-annotations-"))));
            out.add(new Library("jackson-databind", jar(src, "jackson-databind-"), List.of(jar(lib, "jackson-databind-"),
                    jar(lib, "jackson-core-"), jar(lib, "jackson-annotations-"))));
            out.add(new Library("joda-time", jar(src, "joda-time-"), List.of(jar(lib, "joda-time-"),
                    jar(lib, "joda-convert-"))));
            out.add(new Library("gson", jar(src, "gson-"), List.of(jar(lib, "gson-"),
                    jar(lib, "error_prone_annotations-"))));
            out.add(new Library("commons-cli", jar(src, "commons-cli-"), List.of(jar(lib, "commons-cli-"))));
            out.add(new Library("commons-csv", jar(src, "commons-csv-"), List.of(jar(lib, "commons-csv-"),
                    jar(lib, "commons-io-"), jar(lib, "commons-codec-"))));
            out.add(new Library("commons-pool2", jar(src, "commons-pool2-"), List.of(jar(lib, "commons-pool2-"))));
            out.add(new Library("jgrapht-core", jar(src, "jgrapht-core-"), List.of(jar(lib, "jgrapht-core-"),
                    jar(lib, "jheaps-"), jar(lib, "apfloat-"))));
            return out;
        }

        private static File jar(File dir, String prefix) {
            File[] fs = dir.listFiles((d, n) -> n.startsWith(prefix) && n.endsWith(".jar")
                    && Character.isDigit(n.charAt(prefix.length())));
            if (fs == null || fs.length != 1) {
                throw new IllegalStateException("expected one " + prefix + "*.jar in " + dir
                        + " (run the build: maven-dependency-plugin copies them)");
            }
            return fs[0];
        }

        /** The library's compilation units (path to text), in name order, package-info and module-info left out. */
        Map<String, String> units() {
            Map<String, String> out = new TreeMap<>();
            try (ZipFile z = new ZipFile(sources)) {
                Enumeration<? extends ZipEntry> es = z.entries();
                while (es.hasMoreElements()) {
                    ZipEntry e = es.nextElement();
                    String n = e.getName();
                    if (n.endsWith(".java") && !n.endsWith("package-info.java") && !n.endsWith("module-info.java")) {
                        out.put(n, new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }

    /** The outcome of one method, with the message that decided it. */
    record Verdict(String library, String unit, String method, Outcome outcome, String tag, String detail) {
        /** The failure's class for the report: outcome, tag, and the message without names and numbers. */
        String signature() {
            if (outcome == Outcome.TRANSFORMED) {
                return "TRANSFORMED";
            }
            if (outcome == Outcome.DIAGNOSTIC) {
                return "DIAGNOSTIC " + tag;
            }
            String first = detail == null ? "" : detail.lines().findFirst().orElse("");
            return outcome + " " + first.replaceAll("'[^']*'", "'_'").replaceAll("\\b\\w*\\d\\w*\\b", "N")
                    .replaceAll("\\s+", " ");
        }
    }

    /** What a unit gave: the verdicts and the methods left out, with why. */
    static final class UnitResult {
        final String library;
        final String unit;
        final List<Verdict> verdicts = new ArrayList<>();
        /** method id -> why it is not converted */
        final Map<String, String> excluded = new LinkedHashMap<>();
        /** the original does not compile on its own against the library's jar (first error) */
        String skipped;
        /** the last, successful compilation (its class files kept when asked for) */
        Javac.Result compiled;
        int compilations;
        long millis;

        UnitResult(String library, String unit) {
            this.library = library;
            this.unit = unit;
        }
    }

    private static final Pattern TAG = Pattern.compile("\\[(Corio\\w+)\\]");
    private static final Pattern MACHINE = Pattern.compile("The state machine of \\{@link ([\\w.$]+)#(\\w+)\\(");
    private static final Pattern OVERRIDE = Pattern.compile("Coroutine<.*> (\\w+)\\(");

    private Corpus() {
    }

    /** Converts and compiles one unit. */
    static UnitResult unit(Javac javac, String library, String path, String text) {
        return unit(javac, library, path, text, false);
    }

    static UnitResult unit(Javac javac, String library, String path, String text, boolean keepClasses) {
        long t0 = System.nanoTime();
        UnitResult out = new UnitResult(library, path);
        Javac.Analysis a = javac.analyse(path, text);
        if (!a.errors.isEmpty()) {
            out.skipped = a.errors.get(0).getMessage(null).lines().findFirst().orElse("");
            out.millis = (System.nanoTime() - t0) / 1_000_000;
            return out;
        }
        Converter cv = new Converter(path, text, a);
        out.excluded.putAll(cv.excluded);
        Set<Converter.Method> all = new LinkedHashSet<>(cv.methods.values());
        String only = System.getProperty("corio.corpus.methods"); // for reading one failure: -Dcorio.corpus.methods=REGEX
        if (only != null) {
            all.removeIf(m -> !m.id.matches(only));
        }
        Set<Converter.Method> c = cv.close(all);
        for (Converter.Method m : all) {
            if (!c.contains(m)) {
                out.excluded.put(m.id, "used where an await cannot stand (lambda, method reference, unconverted code)");
            }
        }
        new Run(javac, cv, out, keepClasses).process(c, 0);
        out.millis = (System.nanoTime() - t0) / 1_000_000;
        return out;
    }

    /** The compile, classify, drop, compile again loop over one unit. */
    private static final class Run {
        final Javac javac;
        final Converter cv;
        final UnitResult out;
        final Map<Converter.Method, Boolean> fallOff = new HashMap<>();
        final boolean keepClasses;

        Run(Javac javac, Converter cv, UnitResult out, boolean keepClasses) {
            this.javac = javac;
            this.cv = cv;
            this.out = out;
            this.keepClasses = keepClasses;
        }

        void verdict(Converter.Method m, Outcome o, String tag, String detail) {
            out.verdicts.add(new Verdict(out.library, out.unit, m.id, o, tag, detail));
        }

        void process(Set<Converter.Method> c, int depth) {
            for (int iter = 0; iter < 200 && !c.isEmpty(); iter++) {
                Converter.Converted cd;
                try {
                    cd = cv.render(c, fallOff);
                } catch (IllegalStateException e) {
                    for (Converter.Method m : c) {
                        verdict(m, Outcome.CONVERSION_ERROR, null, "converter: " + e.getMessage());
                    }
                    return;
                }
                out.compilations++;
                Javac.Result r = javac.compile(cv.path, cd.text, true, keepClasses);
                dump(cv.path, cd.text, r);
                if (r.crash != null) {
                    if (c.size() == 1) {
                        verdict(c.iterator().next(), Outcome.CRASH, null, r.crash);
                        return;
                    }
                    bisect(c, depth, "isolating a javac crash", r.crash);
                    return;
                }
                if (r.success) {
                    out.compiled = r;
                    for (Converter.Method m : c) {
                        verdict(m, Outcome.TRANSFORMED, null, null);
                    }
                    return;
                }
                Map<Converter.Method, Verdict> found = new LinkedHashMap<>();
                boolean retry = false;
                List<String> unplaced = new ArrayList<>();
                List<String> unplacedAt = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : r.diagnostics) {
                    if (d.getKind() != Diagnostic.Kind.ERROR) {
                        continue;
                    }
                    String src = d.getSource() == null ? "" : d.getSource().toUri().toString();
                    String msg = d.getMessage(null);
                    if (src.contains("/Corio_")) {
                        String line = sourceLine(r, d);
                        String detail = d.getCode() + ": " + firstLine(msg) + "\n    at " + shortName(src) + ":"
                                + d.getLineNumber() + ": " + line.trim();
                        for (Converter.Method m : generatedOwners(c, r, d)) {
                            found.putIfAbsent(m, new Verdict(out.library, out.unit, m.id, Outcome.GENERATED_ERROR,
                                    null, detail));
                        }
                        continue;
                    }
                    Matcher tag = TAG.matcher(msg);
                    long at = d.getPosition() == Diagnostic.NOPOS ? -1 : cd.original(d.getPosition());
                    if (tag.find()) {
                        boolean internal = tag.group(1).equals("CorioInternal");
                        Outcome o = internal ? Outcome.INTERNAL : Outcome.DIAGNOSTIC;
                        String detail = tag.group(1) + " " + (internal ? msg : firstLine(msg));
                        Converter.Method m = methodAt(c, at);
                        Collection<Converter.Method> ms = m != null ? List.of(m) : classAt(c, at);
                        String where = m != null ? "" : " (on the class)";
                        if (ms.isEmpty()) {
                            // on another element of the file (a lambda elsewhere): every converted method has it
                            ms = c;
                            where = " (elsewhere in the file)";
                        }
                        for (Converter.Method x : ms) {
                            found.putIfAbsent(x, new Verdict(out.library, out.unit, x.id, o, tag.group(1) + where,
                                    detail));
                        }
                        continue;
                    }
                    if ("compiler.err.unreachable.stmt".equals(d.getCode()) && cd.fallOffs.containsKey((int) d.getPosition())) {
                        fallOff.put(cd.fallOffs.get((int) d.getPosition()), false);
                        retry = true;
                        continue;
                    }
                    Converter.Method m = methodAt(c, at);
                    if ("compiler.err.missing.ret.stmt".equals(d.getCode()) && m != null && "void".equals(m.primitive)
                            && !Boolean.TRUE.equals(fallOff.get(m))) {
                        fallOff.put(m, true);
                        retry = true;
                        continue;
                    }
                    String detail = d.getCode() + ": " + (d.getPosition() == Diagnostic.NOPOS ? msg.replace("\n", " ")
                            : firstLine(msg)) + "\n    at " + shortName(src) + ":" + d.getLineNumber() + ": "
                            + sourceLine(cd.text, d.getPosition()).trim();
                    if (m != null) {
                        found.putIfAbsent(m, new Verdict(out.library, out.unit, m.id, Outcome.CONVERSION_ERROR, null,
                                detail));
                    } else if (d.getPosition() != Diagnostic.NOPOS) {
                        unplacedAt.add(detail);
                    } else {
                        unplaced.add(detail);
                    }
                }
                if (found.values().stream().anyMatch(v -> v.outcome() == Outcome.CONVERSION_ERROR)
                        || found.isEmpty() && !retry && !unplacedAt.isEmpty()) {
                    // Untagged errors: the converted text's own (the converter's fault), or only with the processor?
                    out.compilations++;
                    Set<Converter.Method> plainBad = new LinkedHashSet<>();
                    boolean plainOutside = false;
                    for (Diagnostic<? extends JavaFileObject> d : javac.compile(cv.path, cd.text, false, false).diagnostics) {
                        if (d.getKind() == Diagnostic.Kind.ERROR) {
                            Converter.Method m = d.getPosition() == Diagnostic.NOPOS ? null
                                    : methodAt(c, cd.original(d.getPosition()));
                            if (m != null) {
                                plainBad.add(m);
                            } else {
                                plainOutside = true;
                            }
                        }
                    }
                    for (Map.Entry<Converter.Method, Verdict> e : found.entrySet()) {
                        Verdict v = e.getValue();
                        if (v.outcome() == Outcome.CONVERSION_ERROR && !plainBad.contains(e.getKey()) && !plainOutside) {
                            e.setValue(new Verdict(v.library(), v.unit(), v.method(), Outcome.PROCESSOR_ERROR, null,
                                    v.detail()));
                        }
                    }
                    if (found.isEmpty()) {
                        // an error outside every converted method: the whole unit is affected, whatever is converted
                        for (Converter.Method m : c) {
                            verdict(m, plainOutside ? Outcome.CONVERSION_ERROR : Outcome.PROCESSOR_ERROR, null,
                                    "(unit) " + unplacedAt.get(0));
                        }
                        return;
                    }
                }
                if (found.isEmpty() && !retry) {
                    String detail = unplaced.isEmpty() ? "failed without an error" : unplaced.get(0);
                    if (c.size() > 1) {
                        bisect(c, depth, "isolating an error without a position", null);
                        return;
                    }
                    // one method: is it the converted text, or only the processor's compilation?
                    out.compilations++;
                    boolean plain = javac.compile(cv.path, cd.text, false, false).success;
                    for (Converter.Method m : c) {
                        verdict(m, plain ? Outcome.PROCESSOR_ERROR : Outcome.CONVERSION_ERROR, null, detail);
                    }
                    return;
                }
                out.verdicts.addAll(found.values());
                Set<Converter.Method> rest = new LinkedHashSet<>(c);
                rest.removeAll(found.keySet());
                Set<Converter.Method> next = cv.close(rest);
                for (Converter.Method m : rest) {
                    if (!next.contains(m)) {
                        out.excluded.put(m.id, "untested: a method that calls it failed");
                    }
                }
                c = next;
            }
            for (Converter.Method m : c) {
                verdict(m, Outcome.CONVERSION_ERROR, null, "(unit) no stable conversion after 200 compilations");
            }
        }

        /** Processes the two halves of {@code c} (each closed) apart, to tell which methods a unit-wide failure is from. */
        /**
         * Splits {@code c} in two halves (each closed over what its methods need). A method in neither is
         * untested; when {@code crash} is the failure being isolated, it counts as a crash instead: a crash that
         * the halves do not show must not vanish from the figures (jackson-databind {@code EnumResolver}'s,
         * finding 12 in docs/corpus.md, did).
         */
        void bisect(Set<Converter.Method> c, int depth, String why, String crash) {
            List<Converter.Method> l = new ArrayList<>(c);
            Set<Converter.Method> a = cv.close(new LinkedHashSet<>(l.subList(0, l.size() / 2)));
            Set<Converter.Method> b = cv.close(new LinkedHashSet<>(l.subList(l.size() / 2, l.size())));
            for (Converter.Method m : c) {
                if (!a.contains(m) && !b.contains(m)) {
                    if (crash != null) {
                        verdict(m, Outcome.CRASH, null, "in a compilation that crashed, not isolated: " + crash);
                    } else {
                        out.excluded.put(m.id, "untested: " + why);
                    }
                }
            }
            process(a, depth + 1);
            process(b, depth + 1);
        }

        /** The innermost converted method whose declaration holds {@code at} (an original position). */
        Converter.Method methodAt(Set<Converter.Method> c, long at) {
            Converter.Method best = null;
            for (Converter.Method m : c) {
                if (m.start <= at && at < m.end && (best == null || m.start > best.start)) {
                    best = m;
                }
            }
            return best;
        }

        /** The converted methods of the innermost class whose declaration holds {@code at}. */
        List<Converter.Method> classAt(Set<Converter.Method> c, long at) {
            Element best = null;
            long bestStart = -1;
            for (Converter.Method m : c) {
                for (Element e = m.owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
                    var t = cv.trees.getTree(e);
                    if (t == null) {
                        continue;
                    }
                    long s = cv.trees.getSourcePositions().getStartPosition(cv.unit, t);
                    long en = cv.trees.getSourcePositions().getEndPosition(cv.unit, t);
                    if (s <= at && at < en && s > bestStart) {
                        best = e;
                        bestStart = s;
                    }
                }
            }
            List<Converter.Method> out = new ArrayList<>();
            for (Converter.Method m : c) {
                if (best != null && m.owner.equals(best)) {
                    out.add(m);
                }
            }
            return out;
        }

        /** The converted methods an error in a generated file belongs to: its state machine's, or its class's. */
        List<Converter.Method> generatedOwners(Set<Converter.Method> c, Javac.Result r, Diagnostic<?> d) {
            String cls = generatedClass(r, d);
            String text = cls == null ? null : r.generated.get(cls);
            List<Converter.Method> ofClass = new ArrayList<>();
            String base = cls == null ? "" : cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls;
            for (Converter.Method m : c) {
                if (generatedName(m.owner).equals(base)) {
                    ofClass.add(m);
                }
            }
            if (ofClass.isEmpty()) {
                ofClass.addAll(c); // cannot tell: the whole unit
            }
            if (text == null || d.getPosition() == Diagnostic.NOPOS) {
                return ofClass;
            }
            String before = text.substring(0, (int) Math.min(d.getPosition(), text.length()));
            String name = null;
            Matcher mm = MACHINE.matcher(before);
            while (mm.find()) {
                name = mm.group(2);
            }
            if (name == null) {
                Matcher om = OVERRIDE.matcher(before);
                while (om.find()) {
                    name = om.group(1);
                }
            }
            List<Converter.Method> named = new ArrayList<>();
            for (Converter.Method m : ofClass) {
                if (m.element.getSimpleName().contentEquals(name == null ? "" : name)) {
                    named.add(m);
                }
            }
            return named.isEmpty() ? ofClass : named;
        }
    }

    static String generatedName(TypeElement owner) {
        List<String> simple = new ArrayList<>();
        Element e = owner;
        while (e instanceof TypeElement) {
            simple.add(0, e.getSimpleName().toString());
            e = e.getEnclosingElement();
        }
        String pkg = e.toString();
        return (pkg.isEmpty() ? "" : pkg + ".") + "Corio_" + String.join("_", simple);
    }

    private static String generatedClass(Javac.Result r, Diagnostic<?> d) {
        String uri = ((JavaFileObject) d.getSource()).toUri().toString();
        for (String k : r.generated.keySet()) {
            if (uri.endsWith("/" + k.replace('.', '/') + ".java")) {
                return k;
            }
        }
        return null;
    }

    private static String sourceLine(Javac.Result r, Diagnostic<?> d) {
        String cls = generatedClass(r, d);
        return cls == null ? "" : sourceLine(r.generated.get(cls), d.getPosition());
    }

    static String sourceLine(String text, long p) {
        if (text == null || p < 0 || p > text.length()) {
            return "";
        }
        int s = text.lastIndexOf('\n', (int) Math.max(0, p - 1)) + 1;
        int e = text.indexOf('\n', (int) p);
        String l = text.substring(s, e < 0 ? text.length() : e);
        return l.length() > 300 ? l.substring(0, 300) + "..." : l;
    }

    /**
     * With {@code -Dcorio.corpus.dump=DIR}: the converted unit of the last compilation and what was generated from
     * it, for reading, and the unit of the first compilation ({@code Foo.java.first}).
     */
    private static void dump(String path, String text, Javac.Result r) {
        String dir = System.getProperty("corio.corpus.dump");
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Path p = java.nio.file.Path.of(dir, path);
            java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.writeString(p, text);
            java.nio.file.Path first = java.nio.file.Path.of(dir, path + ".first"); // the unit with every method converted
            if (!java.nio.file.Files.exists(first)) {
                java.nio.file.Files.writeString(first, text);
            }
            for (Map.Entry<String, String> g : r.generated.entrySet()) {
                java.nio.file.Path q = java.nio.file.Path.of(dir, g.getKey().replace('.', '/') + ".java");
                java.nio.file.Files.createDirectories(q.getParent());
                java.nio.file.Files.writeString(q, g.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortName(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Runs the units of {@code lib} that {@code which} selects. */
    static List<UnitResult> library(Library lib, Predicate<String> which, java.io.PrintStream log) {
        List<UnitResult> out = new ArrayList<>();
        try (Javac javac = new Javac(lib.classPath())) {
            for (Map.Entry<String, String> u : lib.units().entrySet()) {
                if (!which.test(u.getKey())) {
                    continue;
                }
                UnitResult r;
                try {
                    r = unit(javac, lib.name(), u.getKey(), u.getValue());
                } catch (RuntimeException | Error e) {
                    r = new UnitResult(lib.name(), u.getKey());
                    r.skipped = "harness failure: " + e;
                    if (log != null) {
                        e.printStackTrace(log);
                    }
                }
                out.add(r);
                if (log != null) {
                    long bad = r.verdicts.stream().filter(v -> v.outcome().bad()).count();
                    String first = r.verdicts.stream().filter(v -> v.outcome().bad()).findFirst()
                            .map(v -> " first: " + v.method() + " " + firstLine(v.signature())).orElse("");
                    log.printf("[corio-corpus] %s %s: %d methods, %d bad, %d compilations, %d ms%s%s%n", lib.name(),
                            u.getKey(), r.verdicts.size(), bad, r.compilations, r.millis,
                            r.skipped != null ? " (skipped: " + r.skipped + ")" : "", first);
                }
            }
        }
        return out;
    }
}
