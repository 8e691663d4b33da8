package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Minimal reproducers of the bugs the corpus test (docs/corpus.md) found in real libraries, each
 * shaped like the library code it came from.
 */
@Timeout(60)
class CorpusFindingsTest {
    /**
     * commons-lang3 {@code ClassUtils.hierarchy}, {@code Functions.asBiConsumer}: {@code return result(() -> ...)}.
     * {@code resume} returns {@code Object}, which is no target type for a lambda ("Object is not a
     * functional interface" in Corio_T).
     */
    @Test
    @SuppressWarnings("unchecked")
    void aLambdaOrMethodReferenceAsTheResult() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public static Coroutine<Supplier<String>> copied(String s) {",
                "    return result(() -> s + \"!\");",
                "  }",
                "  @Async public static Coroutine<Function<String, String>> afterAwait(String s) {",
                "    String t = await(later(s));",
                "    return result(x -> x + t);",
                "  }",
                "  @Async public static Coroutine<Function<Object, String>> reference() {",
                "    return result(String::valueOf);",
                "  }",
                // commons-io IOPredicate.isEqual: a conditional of a method reference and a lambda
                "  @Async public static Coroutine<Predicate<Object>> isEqual(Object target) {",
                "    return result(null == target ? Objects::isNull : object -> target.equals(object));",
                "  }",
                "  @Async public static Coroutine<Predicate<Object>> isEqualAfterAwait(Object target) {",
                "    Object t = await(now(target));",
                "    return result((null == t ? Objects::isNull : object -> t.equals(object)));",
                "  }",
                "  @Async public static Coroutine<Function<Integer, Integer>> bySwitch(int k) {",
                "    int j = await(now(k));",
                "    return result(switch (j) { case 0 -> x -> x; case 1 -> { yield x -> x + 1; } default -> Math::abs; });",
                "  }",
                "  @Async public static Coroutine<Function<Integer, Integer>> bySwitchCopied(int k) {",
                "    return result(switch (k) { case 0 -> x -> x; default -> Math::abs; });",
                "  }"));
        assertEquals(3, ((Function<Integer, Integer>) Harness.run(l, "T", "bySwitch", 1)).apply(2));
        assertEquals(2, ((Function<Integer, Integer>) Harness.run(l, "T", "bySwitchCopied", 5)).apply(-2));
        assertEquals("a!", ((Supplier<String>) Harness.run(l, "T", "copied", "a")).get());
        assertEquals("xy", ((Function<String, String>) Harness.run(l, "T", "afterAwait", "y")).apply("x"));
        assertEquals("7", ((Function<Object, String>) Harness.run(l, "T", "reference")).apply(7));
        assertEquals(true, ((Predicate<Object>) Harness.run(l, "T", "isEqual", (Object) null)).test(null));
        assertEquals(true, ((Predicate<Object>) Harness.run(l, "T", "isEqual", "q")).test("q"));
        assertEquals(false, ((Predicate<Object>) Harness.run(l, "T", "isEqualAfterAwait", "q")).test("r"));
    }

    /**
     * commons-lang3 {@code EnumUtils.generateBitVectors}, {@code Validate}: a lambda whose implicit parameter
     * type holds a captured wildcard, anywhere in the file. When the processor had javac attribute the user's
     * trees, javac wrote the inferred type into the tree as the name {@code <captured wildcard>} and failed on it
     * after the rounds ("cannot find symbol", without a position); a {@code [CorioLambdaParameter]} error named
     * the fix. The processor now attributes a copy in a javac task of its own (analyse.Attribution), so the
     * file compiles as written.
     */
    @Test
    void aLambdaParameterOfACapturedTypeCompiles() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  public static <E> int plain(Iterable<? extends E> values) {",
                "    List<E> l = new ArrayList<>();",
                "    values.forEach(x -> l.add(x));",
                "    return l.size();",
                "  }",
                "  @Async public static Coroutine<Integer> f() {",
                "    return result(plain(List.of(1, 2, 3)));",
                "  }",
                "  @Async public static <E> Coroutine<Integer> inTheBody(Iterable<? extends E> values) {",
                "    List<E> l = new ArrayList<>();",
                "    await(later(0));",
                "    values.forEach(x -> l.add(x));",
                "    return result(l.size());",
                "  }"));
        assertEquals(3, Harness.run(l, "T", "f"));
        assertEquals(2, Harness.run(l, "T", "inTheBody", List.of("a", "b")));
    }

    /**
     * commons-collections4 {@code CollectionUtils.filterInverse} (finding 1, docs/corpus.md): the argument
     * {@code p == null ? null : not(p)} of a generic call, in code the processor does not touch. javac caches the
     * types of poly arguments by source position across rounds, and after the processor had it attribute the
     * user's trees, the final attribution met the first one's type variables ("inference variable T has
     * incompatible bounds"). The processor's own javac task leaves the user's trees and caches alone.
     */
    @Test
    void aGenericCallWithAConditionalArgumentCompiles() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  static <T> Predicate<T> not(Predicate<? super T> p) { return x -> !p.test(x); }",
                "  static <T> boolean filter(Iterable<T> c, Predicate<? super T> p) { return true; }",
                "  static <T> boolean filterInverse(Iterable<T> c, Predicate<? super T> p) {",
                "    return filter(c, p == null ? null : not(p));",
                "  }",
                "  @Async public static Coroutine<Boolean> f() { return result(filterInverse(List.of(1), null)); }",
                "  @Async public static <T> Coroutine<Boolean> g(Iterable<T> c, Predicate<? super T> p) {",
                "    await(later(0));",
                "    return result(filter(c, p == null ? null : not(p)));",
                "  }"));
        assertEquals(true, Harness.run(l, "T", "f"));
        assertEquals(true, Harness.run(l, "T", "g", List.of(1), (Predicate<Object>) x -> true));
    }

    /**
     * Guava {@code CollectCollectors.toImmutableMultiset}: a class whose other {@code @Async} method has an error
     * of the user's. The whole class fell back to attribution in place, and javac's second attribution then failed
     * on the conditional argument of the first method as well, an error that code does not have. Only a body
     * with a type the processor's task cannot determine is attributed in place now; javac reports the user's
     * error, and only that.
     */
    @Test
    void aUserErrorInOneMethodReportsOnlyThatError() {
        List<String> errors = DiagnosticsTest.errors(Harness.cls(
                "  static <T> Predicate<T> not(Predicate<? super T> p) { return x -> !p.test(x); }",
                "  static <T> boolean filter(Iterable<T> c, Predicate<? super T> p) { return true; }",
                "  @Async public static <T> Coroutine<Boolean> g(Iterable<T> c, Predicate<? super T> p) {",
                "    return result(filter(c, p == null ? null : not(p)));",
                "  }",
                "  @Async public static Coroutine<Integer> broken() {",
                "    int x = \"s\";",
                "    return result(x);",
                "  }"));
        assertEquals(List.of("15:13: incompatible types: java.lang.String cannot be converted to int"), errors);
    }

    /**
     * jackson-databind {@code EnumResolver}: a value kept across an await whose type holds a capture with itself in
     * its bound ({@code e.getDeclaringClass()} on an {@code Enum<?>} is a {@code Class<CAP#1>} with {@code CAP#1
     * extends Enum<CAP#1>}). Spelling its field's type recursed without end, a StackOverflowError that escaped the
     * processor and stopped javac ("An annotation processor threw an uncaught exception"); the corpus hid it as
     * "untested: isolating a javac crash". The capture met again in its own bound is written {@code ?}.
     */
    @Test
    void aCaptureWithItselfInItsBoundKeptAcrossAnAwait() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  enum Color { RED }",
                "  static String describe(Class<?> c, int n) { return c.getSimpleName() + n; }",
                "  @Async public static Coroutine<String> declaring(Enum<?> e) {",
                "    return result(describe(e.getDeclaringClass(), await(later(2))));",
                "  }",
                "  @Async public static Coroutine<String> red() {",
                "    return declaring(Color.RED);",
                "  }"));
        assertEquals("Color2", Harness.run(l, "T", "red"));
    }

    /**
     * commons-lang3 {@code ArrayUtils.map} and {@code AbstractFormatCache.getInstance}: a generic call with a lambda
     * argument as the result. These compiled with the processor attributing in place, and failed once a second
     * attribution in the rounds was tried (docs/corpus.md, finding 1); pinned so the processor's own attribution
     * keeps them.
     */
    @Test
    void aGenericCallWithALambdaArgumentAsTheResult() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  static <T> T[] fill(T[] a, java.util.function.IntFunction<? extends T> f) {",
                "    for (int i = 0; i < a.length; i++) { a[i] = f.apply(i); }",
                "    return a;",
                "  }",
                "  static final Map<String, String> CACHE = new HashMap<>();",
                "  @Async public static Coroutine<String[]> map(int n) {",
                "    await(later(0));",
                "    return result(fill(new String[n], i -> \"s\" + i));",
                "  }",
                "  @Async public static Coroutine<String> get(String key) {",
                "    return result(CACHE.computeIfAbsent(key, k -> k + \"!\"));",
                "  }"));
        assertEquals(List.of("s0", "s1"), List.of((String[]) Harness.run(l, "T", "map", 2)));
        assertEquals("a!", Harness.run(l, "T", "get", "a"));
    }

    /** The fix the diagnostic names compiles, and runs. */
    @Test
    void aLambdaParameterDeclaredWithItsTypeCompiles() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public static <E> Coroutine<Integer> count(Iterable<? extends E> values) {",
                "    List<E> l = new ArrayList<>();",
                "    values.forEach((E x) -> l.add(x));",
                "    await(later(0));",
                "    return result(l.size());",
                "  }"));
        assertEquals(2, Harness.run(l, "T", "count", List.of("a", "b")));
    }

    /**
     * commons-lang3 {@code EnumUtils.generateBitVector(Class<E>, E...)}: a static generic varargs method with
     * {@code @SafeVarargs}. The generated entry dropped the annotation: "[unchecked] Possible heap pollution"
     * in Corio_T ({@link Harness#load} fails on any warning from generated code). Constructors too.
     */
    @Test
    void safeVarargsIsKeptOnStaticEntriesAndConstructors() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @SafeVarargs public T(List<String>... ls) {}",
                "  public T() {}",
                "  @Async @SafeVarargs public static <E> Coroutine<Integer> count(E... values) {",
                "    await(later(0));",
                "    return result(values.length);",
                "  }",
                "  @Async public Coroutine<Integer> one() {",
                "    return result(1);",
                "  }"));
        assertEquals(2, Harness.run(l, "T", "count", (Object) new Object[] {"a", "b"}));
    }

    /**
     * Guava {@code Maps.keyPredicateOnEntries}, {@code CollectCollectors.toImmutableMultiset}, commons-math3
     * {@code AVLTree.getSmallest}: a generic method call or a diamond {@code new} as the result infers its type
     * arguments from the target, which {@code return} from {@code resume} (an {@code Object}) does not give
     * ("cannot infer type-variable(s)", or lambda parameters typed {@code Object}).
     */
    @Test
    @SuppressWarnings("unchecked")
    void aGenericCallOrDiamondAsTheResultKeepsItsTarget() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  static <A, B> Function<A, String> compose(Function<? super B, String> f, Function<A, ? extends B> g) {",
                "    return a -> f.apply(g.apply(a));",
                "  }",
                "  @Async public static Coroutine<Function<Map.Entry<String, Integer>, String>> keyName() {",
                "    return result(compose(String::valueOf, Map.Entry::getKey));",
                "  }",
                "  @Async public static Coroutine<java.util.stream.Collector<String, ?, List<String>>> collector(String p) {",
                "    String q = await(later(p));",
                "    return result(java.util.stream.Collector.of(ArrayList::new, (list, s) -> list.add(q + s.length()),",
                "        (a, b) -> { a.addAll(b); return a; }));",
                "  }",
                "  @Async public static Coroutine<List<String>> diamond() {",
                "    return result(new ArrayList<>());",
                "  }"));
        assertEquals("k", ((Function<Map.Entry<String, Integer>, String>) Harness.run(l, "T", "keyName"))
                .apply(Map.entry("k", 1)));
        assertEquals(List.of("x2"), java.util.stream.Stream.of("ab").collect(
                (java.util.stream.Collector<String, ?, List<String>>) Harness.run(l, "T", "collector", "x")));
        assertEquals(List.of(), Harness.run(l, "T", "diamond"));
    }

    /**
     * commons-text {@code ParsedDecimal.from}: {@code for (i = start; ...)} with an assignment, not a
     * declaration, as the initializer, in a loop that awaits. The initializer was copied without a
     * {@code ;} ("';' expected" in Corio_T).
     */
    @Test
    void aForLoopInitializedByAssignments() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public static Coroutine<String> f(int start) {",
                "    int i;",
                "    int j;",
                "    String s = \"\";",
                "    for (i = start, j = 10; i < 3; ++i, j--) {",
                "      s += await(later(i)) + \":\" + j + \" \";",
                "    }",
                "    for (i = await(now(7)); i < 8; i++) {",
                "      s += i;",
                "    }",
                "    return result(s + i);",
                "  }"));
        assertEquals("1:10 2:9 78", Harness.run(l, "T", "f", 1));
    }

    /**
     * Guava {@code Multisets.union} (open finding 4): {@code protected @Nullable Entry<E> computeNext()} in an
     * anonymous class of the body, with {@code Entry} imported from {@code Multiset}. The copy qualified the
     * name, {@code @Nullable Multiset.Entry<E>}, which is illegal for a {@code TYPE_USE} annotation ("scoping
     * construct cannot be annotated with type-use annotation"); now {@code Multiset.@Nullable Entry<E>}.
     */
    @Test
    void aTypeUseAnnotationOnANameTheCopyQualifies() throws Throwable {
        ClassLoader l = Harness.load(
                "package t; public interface Multiset<E> { interface Entry<E> { E get(); } }",
                "package t; import java.lang.annotation.*; @Target(ElementType.TYPE_USE) public @interface Nullable {}",
                Harness.src("import t.Multiset.Entry;",
                        "public class T {",
                        "  @Async public static <E> Coroutine<String> union(E e) {",
                        "    await(later(0));",
                        "    List<@Nullable Entry<E>> l = new ArrayList<>();",
                        "    Supplier<Entry<E>> s = new Supplier<Entry<E>>() { public @Nullable Entry<E> get() { return null; } };",
                        "    for (int i = 0; i < 1; i++) { @Nullable Entry<E> x = s.get(); l.add(x); }",
                        "    return result(l + \" \" + s.get());",
                        "  }",
                        "}"));
        assertEquals("[null] null", Harness.run(l, "T", "union", "a"));
    }

    /**
     * Guava {@code ClosingFuture.eventuallyClosing} (open finding 7, every method of the class failed): a static
     * {@code @Async} method with the bound {@code Object & AutoCloseable} in a class with instance {@code @Async}
     * methods, so that {@code Corio_T extends T}. JavaPoet dropped the {@code Object} bound, and the static
     * entry with other bounds (and another erasure) than the inherited method neither hides it nor overloads it:
     * "name clash: ... have the same erasure, yet neither hides the other" in Corio_T.
     */
    @Test
    void aStaticEntryWhoseTypeVariableIsBoundedByObjectAndAnInterface() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public static <C extends Object & Comparable<C>> Coroutine<Integer> cmp(List<C> xs) {",
                "    await(later(0));",
                "    return result(xs.get(0).compareTo(xs.get(1)));",
                "  }",
                "  @Async public Coroutine<Integer> one() { return result(1); }"));
        assertEquals(-1, Harness.run(l, "T", "cmp", List.of("a", "b")));
    }

    /**
     * Guava {@code Ordering.onKeys} (open finding 6): {@code return onResultOf(Map.Entry::getKey);}, a generic
     * call whose type arguments come from the target, awaited (delegation, or {@code await(...)}). As the
     * receiver of {@code awaitFrom} it had no target: "cannot infer type-variable(s) F" in Corio_T. Now it is
     * assigned to a local of the type it had in the source first.
     */
    @Test
    void anAwaitedGenericCallThatInfersFromItsTarget() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T<E> {",
                "  public final String tag;",
                "  public T() { this(\"\"); }",
                "  T(String tag) { this.tag = tag; }",
                "  @Async public <F> Coroutine<T<F>> onResultOf(Function<F, ? extends E> f) { return result(new T<F>(\"r\")); }",
                "  @Async public <K extends E> Coroutine<T<Map.Entry<K, ?>>> onKeys() { return onResultOf(Map.Entry::getKey); }",
                "  @Async public <K extends E> Coroutine<String> awaited() {",
                "    T<Map.Entry<K, ?>> t = await(onResultOf(Map.Entry::getKey));",
                "    return result(t.tag + await(onKeys()).tag);",
                "  }",
                "}"));
        assertEquals("rr", Harness.run(l, "T", "awaited"));
    }

    /**
     * Guava {@code Traverser}, {@code RateLimiter.SleepingStopwatch}, Jackson {@code NameTransformer} (open
     * finding 3): an anonymous subclass of the {@code @Async} class itself created in the body, also of a generic
     * class, as the result. It was a {@code [CorioInternal]} (NullPointerException in {@code Frame.local}), and
     * with a generic class {@code result(...)} was taken for a coroutine to delegate to; since the receiver and
     * attribution changes (issue 9) it compiles and runs.
     */
    @Test
    void anAnonymousSubclassOfTheAsyncClassItself() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public abstract class T<E> implements Iterable<E> {",
                "  T() {}",
                "  public abstract String name();",
                "  @Async public static <E> Coroutine<T<E>> from(Iterable<E> i, String s) {",
                "    final String n = s + \"!\";",
                "    return result(new T<E>() {",
                "      public Iterator<E> iterator() { return i.iterator(); }",
                "      public String name() { return n; }",
                "    });",
                "  }",
                "  @Async public static Coroutine<String> named(String s) {",
                "    T<String> t = await(from(List.of(\"a\", \"b\"), await(later(s))));",
                "    StringBuilder sb = new StringBuilder(t.name());",
                "    for (String x : t) { sb.append(x); }",
                "    return result(sb.toString());",
                "  }",
                "}"));
        assertEquals("q!ab", Harness.run(l, "T", "named", "q"));
    }

    /**
     * commons-collections4 {@code LayerManager.Cleanup.removeIf} (open finding 11): the generated entry created its
     * machine with a diamond, {@code new RemoveIf<>(test)}, and javac's inference failed on the bound
     * {@code T extends BloomFilter<T>} with the captured {@code Predicate<? super T>} argument ("Predicate<CAP#1>
     * cannot be converted to Predicate<? super T>" in Corio_T). The entries now spell the type arguments.
     */
    @Test
    void anEntryWithARecursiveBoundAndAWildcardParameter() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  public interface Filter<F> { }",
                "  public static final class F implements Filter<F> { }",
                "  @Async public static <X extends Filter<X>> Coroutine<Consumer<Deque<X>>> removeIf(Predicate<? super X> test) {",
                "    return result(x -> x.removeIf(test));",
                "  }",
                "  public static int main() {",
                "    Deque<F> d = new ArrayDeque<>(List.of(new F(), new F()));",
                "    Corio.run(Corio_T.<F>removeIf(f -> true), EventLoop::virtual).accept(d);",
                "    return d.size();",
                "  }"));
        assertEquals(0, l.loadClass("t.T").getMethod("main").invoke(null));
    }

    /**
     * commons-compress {@code SevenZFile.buildDecoderStack}: an anonymous {@code FilterInputStream} subclass made in
     * the body reads the protected field {@code in} it inherits from its own superclass (another package). The copy
     * sent it to the accessor for protected members with the {@code @Async} method's receiver, {@code
     * $get$in($self).read()} ("SevenZFile cannot be converted to FilterInputStream" in Corio_T). The implicit
     * {@code this} of that name is the anonymous object: the access stays as written, inside its class. The other
     * forms of the same mistake: {@code this.x}, {@code super.m()}, {@code x++}, {@code x += v}, {@code x = v},
     * a protected method, a lambda inside the class, a local class, and a protected member reached through another
     * instance of the local class; beside them, private fields of the {@code @Async} class itself used in the same
     * class bodies still go to {@code $self} through their accessors.
     */
    @Test
    void aProtectedMemberInheritedByAClassOfTheBody() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  private int count;",
                "  private int calls() { return count; }",
                "  @Async public Coroutine<String> readAll(byte[] data) {",
                "    java.io.InputStream s = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(data)) {",
                "      @Override public int read() throws java.io.IOException {",
                "        final int r = in.read();",
                "        if (r >= 0) { count++; }",
                "        return r;",
                "      }",
                "      @Override public int available() throws java.io.IOException { return this.in.available() + calls(); }",
                "    };",
                "    int sum = 0;",
                "    try {",
                "      for (int b; (b = s.read()) >= 0; ) { sum += await(later(b)); }",
                "      sum = sum * 10 + s.available();",
                "    } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }",
                "    return result(sum + \"/\" + count);",
                "  }",
                "  @Async public Coroutine<String> list() {",
                "    List<String> a = new ArrayList<String>(List.of(\"a\", \"b\", \"c\", \"d\")) {",
                "      { modCount = 10; modCount += 5; this.modCount++; ++modCount; }",
                "      @Override public String toString() {",
                "        removeRange(0, 1);",
                "        super.removeRange(0, 1);",
                "        this.removeRange(0, 0);",
                "        Supplier<Integer> m = () -> modCount + count;",
                "        return super.toString() + m.get();",
                "      }",
                "    };",
                "    await(later(0));",
                "    class Local extends java.io.FilterInputStream {",
                "      Local(java.io.InputStream i) { super(i); }",
                "      boolean same(Local o) { return o.in == in; }",
                "    }",
                "    java.io.InputStream i = new java.io.ByteArrayInputStream(new byte[0]);",
                "    java.io.InputStream j = await(later(i));",
                "    boolean same = new Local(i).same(new Local(j));",
                "    count = 100;",
                "    return result(a.toString() + \" \" + same);",
                "  }"));
        assertEquals("63/3", Harness.run(l, "T", "readAll", new byte[] {1, 2, 3}));
        assertEquals("[c, d]120 true", Harness.run(l, "T", "list"));
    }

    /**
     * Guava {@code Equivalence.Equals}, {@code Equivalence.Identity}: {@code Equals extends Equivalence<Object>}
     * inherits the generic {@code @Async} method {@code <S extends T> wrap(S)}; the override in Corio_Equals was
     * written with the bound as the base declares it, {@code <S extends T>}, and {@code Equals} has no {@code T}
     * ("cannot find symbol" in Corio_T_Equals). Every signature the generated class writes for a method is now
     * the method as a member of the class ({@code Types.asMemberOf}): the method's type variables' bounds, its
     * parameters (varargs), result and thrown types; a method type variable named as one of the class's own is
     * renamed ({@code Same<S> extends T<S>}: the inherited {@code <S extends T>} is {@code <S$2 extends S>}).
     */
    @Test
    void anInheritedGenericMethodAsAMemberOfTheSubclass() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public abstract class T<E> {",
                "  @Async public <S extends E> Coroutine<List<S>> wrap(S reference) {",
                "    await(later(0));",
                "    return result(List.of(reference));",
                "  }",
                "  @Async public <S extends Comparable<? super S>, X extends Exception> Coroutine<String> all(",
                "      List<? extends E> es, S s, Class<X> thrown, int... more) throws X {",
                "    return result(es.size() + \":\" + more.length + await(later(\"\")));",
                "  }",
                "  @Async public <S extends E> Coroutine<List<S>> twice(S a, S b) throws java.io.IOException {",
                "    return result(List.of(a, await(later(b))));",
                "  }",
                "  public static class Equals extends T<Object> {",
                "    public Equals() {}",
                "    static final Equals INSTANCE = new Corio_T_Equals();",
                "    @Async Coroutine<Object> readResolve() { return result(await(wrap(\"x\")).get(0)); }",
                "  }",
                "  public static class Same<S extends CharSequence> extends T<S> {",
                "    public Same() {}",
                "    @Async Coroutine<String> both(S s) throws java.io.IOException { return result(\"\" + await(twice(s, s)) + await(all(List.of(s), \"k\", RuntimeException.class, 1, 2))); }",
                "  }",
                "}"));
        assertEquals("x", Harness.run(l, "T_Equals", "readResolve"));
        assertEquals("[q, q]1:2", Harness.run(l, "T_Same", "both", "q"));
    }
}
