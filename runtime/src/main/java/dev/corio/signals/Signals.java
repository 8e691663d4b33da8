package dev.corio.signals;

import dev.corio.EventLoop;
import dev.corio.Task;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * asyncio's {@code loop.add_signal_handler} and {@code remove_signal_handler}, through {@code sun.misc.Signal}
 * of the {@code jdk.unsupported} module (used by reflection, so nothing warns at compile or run time).
 *
 * <p>A signal is the process's, so there is one handler per signal in the JVM: adding one replaces the one
 * before it, whichever loop it was for. The JVM's thread that receives the signal only schedules the
 * callback on its loop ({@code callSoonThreadsafe}): the callback runs on the loop thread, between other
 * callbacks. Once that loop is closed, the signal goes to the handler that was there before (for INT, TERM
 * and HUP the JVM's own: it runs the shutdown hooks and exits).
 *
 * <p>Where {@code sun.misc.Signal} is missing, or the JVM refuses the signal (it runs with {@code -Xrs}, or
 * the platform has no such signal), {@link #addSignalHandler} throws {@link UnsupportedOperationException}
 * saying so.
 */
public final class Signals {
    private static final Map<Signal, Installed> INSTALLED = new EnumMap<>(Signal.class);

    private record Installed(EventLoop loop, Runnable callback, Object previous) {
    }

    private Signals() {
    }

    /**
     * Runs {@code callback} on {@code loop}'s thread each time the process receives {@code signal}, until
     * {@link #removeSignalHandler}. Any thread.
     *
     * @throws UnsupportedOperationException where signal handlers are unavailable (see the class comment)
     */
    public static void addSignalHandler(EventLoop loop, Signal signal, Runnable callback) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(callback, "callback");
        if (loop.isClosed()) {
            throw new IllegalStateException("Event loop is closed");
        }
        synchronized (INSTALLED) {
            Installed old = INSTALLED.get(signal);
            Object sig = Native.signal(signal);
            Object handler = Native.handler(h -> deliver(signal));
            Object previous = Native.handle(sig, handler, signal);
            // keep the JVM's handler from before our first one, to give back on removal
            INSTALLED.put(signal, new Installed(loop, callback, old != null ? old.previous() : previous));
        }
    }

    /**
     * Removes the handler of {@code signal} if {@code loop} has it, giving the signal back to the handler from
     * before (the JVM's). Returns whether there was one.
     */
    public static boolean removeSignalHandler(EventLoop loop, Signal signal) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(signal, "signal");
        synchronized (INSTALLED) {
            Installed i = INSTALLED.get(signal);
            if (i == null || i.loop() != loop) {
                return false;
            }
            INSTALLED.remove(signal);
            Native.handle(Native.signal(signal), i.previous(), signal);
            return true;
        }
    }

    /**
     * Whether a handler added here is installed for {@code signal}, for any loop that is not closed: what a
     * runner checks before it installs its own Ctrl-C handling, so as to leave a program's handler alone
     * ({@code Corio.run} does). Any thread.
     */
    public static boolean hasSignalHandler(Signal signal) {
        synchronized (INSTALLED) {
            Installed i = INSTALLED.get(signal);
            return i != null && !i.loop().isClosed();
        }
    }

    /**
     * The graceful shutdown of {@code asyncio.run} (3.11+): the first SIGINT (Ctrl-C) cancels {@code main},
     * whose {@code finally} blocks and context managers then run as it unwinds; a second SIGINT while it
     * unwinds ends the process at once with exit status 130 ({@code Runtime.halt}, no shutdown hooks).
     * Removes itself once {@code main} is done.
     */
    public static void cancelOnInterrupt(EventLoop loop, Task<?> main) {
        Objects.requireNonNull(main, "main");
        boolean[] interrupted = {false};
        addSignalHandler(loop, Signal.INT, () -> {
            if (interrupted[0]) {
                Runtime.getRuntime().halt(130);
            }
            interrupted[0] = true;
            main.cancel("interrupted by SIGINT");
        });
        main.addDoneCallback(t -> removeSignalHandler(loop, Signal.INT));
    }

    private static void deliver(Signal signal) {
        Installed i;
        synchronized (INSTALLED) {
            i = INSTALLED.get(signal);
        }
        if (i == null) {
            return;
        }
        try {
            i.loop().callSoonThreadsafe(i.callback());
            return;
        } catch (IllegalStateException closed) {
            // the loop is closed: pass the signal on, as if we had never been there
        }
        Native.invoke(i.previous(), signal);
    }

    /** {@code sun.misc.Signal} by reflection. */
    private static final class Native {
        private static final Class<?> SIGNAL;
        private static final Class<?> HANDLER;
        private static final Method HANDLE;
        private static final Method HANDLE_ON_HANDLER;
        private static final Throwable MISSING;

        static {
            Class<?> s = null;
            Class<?> h = null;
            Method handle = null;
            Method onHandler = null;
            Throwable missing = null;
            try {
                s = Class.forName("sun.misc.Signal");
                h = Class.forName("sun.misc.SignalHandler");
                handle = s.getMethod("handle", s, h);
                onHandler = h.getMethod("handle", s);
            } catch (ReflectiveOperationException | LinkageError e) {
                missing = e;
            }
            SIGNAL = s;
            HANDLER = h;
            HANDLE = handle;
            HANDLE_ON_HANDLER = onHandler;
            MISSING = missing;
        }

        interface Callback {
            void run(Object sig);
        }

        private static void check() {
            if (MISSING != null) {
                throw new UnsupportedOperationException("signal handlers need sun.misc.Signal (module jdk.unsupported),"
                        + " which this JVM does not have: " + MISSING, MISSING);
            }
        }

        static Object signal(Signal signal) {
            check();
            try {
                return SIGNAL.getConstructor(String.class).newInstance(signal.name());
            } catch (InvocationTargetException e) {
                throw new UnsupportedOperationException("SIG" + signal + " cannot be handled here: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new UnsupportedOperationException("SIG" + signal + " cannot be handled here: " + e, e);
            }
        }

        static Object handler(Callback callback) {
            check();
            return Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "handle":
                        callback.run(args[0]);
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "corio signal handler";
                    default:
                        throw new UnsupportedOperationException(m.getName());
                }
            });
        }

        static Object handle(Object sig, Object handler, Signal signal) {
            try {
                return HANDLE.invoke(null, sig, handler);
            } catch (InvocationTargetException e) {
                // IllegalArgumentException: "Signal already used by VM or OS" (-Xrs, or the platform's)
                throw new UnsupportedOperationException("SIG" + signal + " cannot be handled here: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new UnsupportedOperationException("SIG" + signal + " cannot be handled here: " + e, e);
            }
        }

        /** Calls a previous handler (the JVM's, which exits) for a signal our loop can no longer take. */
        static void invoke(Object previous, Signal signal) {
            if (previous == null || !HANDLER.isInstance(previous)) {
                return;
            }
            try {
                HANDLE_ON_HANDLER.invoke(previous, signal(signal));
            } catch (ReflectiveOperationException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e.getCause() != null ? e.getCause() : e);
            }
        }
    }
}
