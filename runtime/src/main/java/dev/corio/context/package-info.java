/**
 * Context variables: Python's {@code contextvars} (PEP 567) for Corio's tasks. A {@link
 * dev.corio.context.ContextVar} holds a value per {@link dev.corio.context.Context}; each task runs in a copy
 * of its creator's context, each callback in a copy of the context it was scheduled from, so values such as
 * a request id follow the logical flow of a program across awaits without leaking between tasks. See
 * {@code docs/context.md}.
 */
package dev.corio.context;
