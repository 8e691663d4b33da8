package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.corio.Corio;
import dev.corio.Coroutine;
import java.util.function.LongFunction;

/** What every container test checks on the {@code CommentCounter} it was handed. */
final class Counting {
    /** Post 8863 of the embedded server's fixture, as the sample app's {@code comments} command counts it. */
    static final long POST = 8863;
    static final int COMMENTS = 72;

    private Counting() {
    }

    /**
     * Checks that the container handed out the generated class and that its coroutine counts the post's
     * comments, and prints one line saying so (docs/integration.md pastes these lines, so they are what
     * the recipe really does).
     */
    static void countsAsACoroutine(String recipe, Object counter, LongFunction<Coroutine<Integer>> comments) {
        int total = Corio.run(comments.apply(POST));
        System.out.println(recipe + ": " + counter.getClass().getSimpleName() + ".comments(" + POST + ") = " + total);
        assertEquals(COMMENTS, total);
    }

    static void countsAsACoroutine(String recipe, CommentCounter counter) {
        assertInstanceOf(Corio_CommentCounter.class, counter);
        countsAsACoroutine(recipe, counter, counter::comments);
    }
}
