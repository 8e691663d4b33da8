package dev.corio.processor.lower;

/** A state of the machine, numbered when it is placed; jumps may name it before that. */
public final class Label {
    int number = -1;

    public int number() {
        return number;
    }

    @Override
    public String toString() {
        if (number < 0) {
            throw new IllegalStateException("label used but never placed");
        }
        return Integer.toString(number);
    }
}
