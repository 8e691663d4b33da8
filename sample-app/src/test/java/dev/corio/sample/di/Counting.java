package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.corio.Corio;

/** What every container test checks on the {@code CommentCounter} it was handed. */
final class Counting {
    /** Post 8863 of the embedded server's fixture, as the sample app's {@code comments} command counts it. */
    static final long POST = 8863;
    static final int COMMENTS = 72;

    private Counting() {
    }

    static void countsAsACoroutine(CommentCounter counter) {
        assertInstanceOf(Corio_CommentCounter.class, counter);
        assertEquals(COMMENTS, Corio.run(counter.comments(POST)));
    }

}
