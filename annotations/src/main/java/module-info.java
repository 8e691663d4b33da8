/**
 * Corio's annotations: {@code @Async} and the {@code @Generated} the processor puts on what it writes.
 * Both have class retention, so a module needs this one at compile time only:
 * {@code requires static dev.corio.annotation;} (docs/processor.md, "Java modules").
 */
module dev.corio.annotation {
    exports dev.corio.annotation;
}
