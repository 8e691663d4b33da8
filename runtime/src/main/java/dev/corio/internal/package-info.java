/**
 * The runtime's internals shared between its own packages. <strong>Not API: for the runtime (and, should
 * it ever need one, for code the processor generates); it may change in any release without notice.</strong>
 *
 * <p>The module {@code dev.corio} does not export this package, so code in a named module cannot use
 * it, and on the class path nothing here is documented or kept compatible.
 *
 * <p>Generated code does not need it. What a state machine calls is the subclass contract of
 * {@link dev.corio.Coroutine} (and {@link dev.corio.generators.AsyncGenerator}): its protected
 * {@code resume}, {@code SUSPENDED} and {@code loop()}, and {@link dev.corio.Awaitable#awaitFrom}. That
 * contract is also how coroutines and awaitables are written by hand ({@link dev.corio.StateMachine},
 * {@link dev.corio.AwaitableObject}), so it is documented and stable; it is protected (visible to
 * subclasses only), so that the caller's view of a coroutine, and {@code import static dev.corio.Corio.*},
 * show user API only. This is how Kotlin keeps {@code COROUTINE_SUSPENDED} out of its users' way.
 */
package dev.corio.internal;
