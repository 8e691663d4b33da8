package dev.corio.processor.lower;

/**
 * How a protected part of a flattened {@code try} was left, recorded before its {@code finally} runs and
 * resumed after it (regenerator's completion records, JLS 14.20.2): normally, by an exception (pending in
 * the try's pending field), by a {@code return} (the value in {@code $retval}), or by a jump to a target
 * outside the try (a {@code break}, {@code continue} or {@code yield}).
 */
sealed interface Completion {
    /** The protected part (or a catch) completed normally: after the finally, fall through. */
    Completion NORMAL = new Normal();
    /** An exception is pending: after the finally, rethrow it. */
    Completion THROW = new Throw();
    /** A return is pending: after the finally, return {@code $retval} (through outer finally blocks). */
    Completion RETURN = new Return();

    record Normal() implements Completion {
    }

    record Throw() implements Completion {
    }

    record Return() implements Completion {
    }

    /** A jump to {@code to}, a label of {@code target}, resumed through the finally blocks outside this one. */
    record Jump(JumpEntry target, Label to) implements Completion {
    }
}
