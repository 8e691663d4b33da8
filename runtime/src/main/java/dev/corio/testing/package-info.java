/**
 * Testing coroutines: {@link dev.corio.testing.TestLoop} runs a test's coroutine on a fresh loop with the
 * virtual clock and fails the test on what asyncio only logs (tasks left pending, exceptions never
 * retrieved, coroutines never awaited); {@link dev.corio.testing.CorioExtension} lets a JUnit 5 test class
 * hold its own {@code @Async} methods. {@code TestLoop} needs nothing but the runtime; the extension needs
 * the JUnit Jupiter API, an optional dependency of the runtime that a test build already has (it is not
 * on the class path of an application that uses the runtime). See docs/testing.md.
 */
package dev.corio.testing;
