/**
 * The Corio runtime: the event loop, futures, tasks, the combinators and their families. A module that
 * uses it writes {@code requires dev.corio;} (and {@code requires static dev.corio.annotation;} for
 * {@code @Async}); see docs/processor.md, "Java modules".
 *
 * <p>Every user package is exported. {@code dev.corio.internal} is not: it is shared by the runtime's own
 * packages only. Code the processor generates needs no internal package, only {@code dev.corio} and
 * {@code dev.corio.generators}: its protocol with the runtime is the protected contract of the classes
 * it extends ({@code Coroutine}, {@code AsyncGenerator}) and {@code Awaitable.awaitFrom}.
 */
module dev.corio {
    // the loop's queue of thread-safe callbacks (JCTools' atomic variant: no sun.misc.Unsafe)
    requires org.jctools.core;
    // dev.corio.signals reaches sun.misc.Signal by reflection; required so that it is in the module graph
    // of a modular application without --add-modules (the JDK always has it)
    requires jdk.unsupported;
    // dev.corio.management only (the opt-in JMX task dump); the module is in every JDK image
    requires java.management;
    // dev.corio.testing only (the JUnit extension): present in a user's test run, optional otherwise
    requires static org.junit.jupiter.api;
    // dev.corio.jmh only (BenchLoop, a JMH @State): present in a user's benchmark build, optional otherwise
    requires static jmh.core;

    exports dev.corio;
    exports dev.corio.context;
    exports dev.corio.flow;
    exports dev.corio.generators;
    exports dev.corio.group;
    exports dev.corio.jmh;
    exports dev.corio.management;
    exports dev.corio.net;
    exports dev.corio.net.group;
    exports dev.corio.net.tls;
    exports dev.corio.queues;
    exports dev.corio.signals;
    exports dev.corio.subprocess;
    exports dev.corio.sync;
    exports dev.corio.testing;
}
