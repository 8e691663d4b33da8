package dev.corio.sample.programs;

import static dev.corio.Corio.sleep;

import dev.corio.sample.cli.Env;
import dev.corio.sample.support.StateMachine;

/**
 * The first article's {@code log_post}: "simulate logging of a post" by sleeping
 * {@code random() * maxDelay} seconds, then logging {@code Post logged}.
 * <pre>{@code
 * @Async Void logPost(double maxDelay) { await(sleep(random() * maxDelay)); log.info("Post logged"); return result(null); }
 * }</pre>
 */
public final class LogPost extends StateMachine<Void> {
    private final Env env;
    private final double delay;

    public LogPost(Env env, double maxDelay) {
        this.env = env;
        this.delay = env.random.nextDouble() * maxDelay;
    }

    @Override
    protected Object step() throws Throwable {
        switch (pc) {
            case 0:
                if (await(sleep(delay), 1)) {
                    return SUSPENDED;
                }
                // fall through
            case 1:
                take();
                env.log.info("Post logged");
                return null;
            default:
                throw new IllegalStateException("resumed after completion");
        }
    }

    @Override
    public String toString() {
        return "log_post()";
    }
}
