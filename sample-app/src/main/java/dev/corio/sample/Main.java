package dev.corio.sample;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;

/** Placeholder main job until the sample-app issue lands: three tasks taking turns on the loop. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String r = Corio.run(new Coroutine<String>() {
            int state;

            @Override
            protected Object resume(Object value, Throwable error) throws Throwable {
                if (error != null) {
                    throw error;
                }
                if (state++ == 0) {
                    EventLoop loop = loop();
                    for (int i = 1; i <= 3; i++) {
                        int n = i;
                        loop.callLater(0.01 * n, () -> System.out.println("tick " + n));
                    }
                    return Corio.sleep(0.05).awaitFrom(this) == SUSPENDED ? SUSPENDED : "done";
                }
                return "done";
            }
        });
        System.out.println(r);
    }
}
