package dev.corio.processor.hoist;

import dev.corio.processor.Names;

/**
 * The names of the generated code's own parts in one machine, each allocated by the machine's
 * {@link NameAllocator}: the name as the design note writes it ({@code $self}, {@code $state}, ...) when
 * the body never spells it, else a numbered one the body does not spell either ({@code $state2}). So the
 * user's identifiers keep their names everywhere (flattened, copied, in lambdas) and a generated name can
 * never be one of the user's, whichever the user picks.
 *
 * @param self the machine's field and constructor parameter for the receiver
 * @param state the field holding the state to resume in
 * @param value {@code resume}'s parameter: the value an await resumed with
 * @param error {@code resume}'s parameter and the handlers' exception: what an await resumed with or a state threw
 * @param retval the field holding a pending return's value while {@code finally} blocks run
 * @param result the local that gives a poly expression returned as the result its target type
 * @param lines the static table of source lines by state (async stack traces)
 * @param thrown the catch parameter of the dispatch loop's handler
 * @param pending the local that rethrows a pending exception after a {@code finally} or a resource close
 * @param suppressed the catch parameter for a resource's {@code close()} failing during another exception
 * @param loop the label of the dispatch loop
 * @param suspendedQualified whether {@code SUSPENDED} (the protocol's constant, inherited) must be written
 *     with its class: the body spells {@code SUSPENDED}, so a field or local of that name may hide it
 */
public record MachineNames(String self, String state, String value, String error, String retval, String result,
        String lines, String thrown, String pending, String suppressed, String loop, boolean suspendedQualified) {

    /** The names for the machine of the body {@code names} was seeded with, in a fixed order (both passes agree). */
    static MachineNames allocate(NameAllocator names) {
        return new MachineNames(names.fixed("$self"), names.fixed("$state"), names.fixed("$value"),
                names.fixed("$error"), names.fixed("$retval"), names.fixed("$result"), names.fixed("$lines"),
                names.fixed("$t"), names.fixed("$p"), names.fixed("$s"), names.fixed("machine"),
                names.spelled(Names.SUSPENDED));
    }
}
