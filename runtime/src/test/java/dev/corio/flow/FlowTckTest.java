package dev.corio.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Co;
import dev.corio.generators.AsyncIterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;

/**
 * The Reactive Streams TCK (its {@code java.util.concurrent.Flow} variant) on {@link Flows#publisher} and on
 * the subscriber behind {@link Flows#iterate}. The TCK is written for TestNG; this JUnit test runs its
 * verification classes with TestNG's API and fails on any failed rule, naming it. Rules the TCK skips are
 * the optional ones that do not apply (listed in the test's output).
 */
class FlowTckTest {
    /** Timeouts of the TCK's waits (also how long it waits to see that nothing comes): the machine is loaded. */
    static final long TIMEOUT_MS = 300;
    static final LoopThread LOOP = new LoopThread();

    @AfterAll
    static void stop() throws InterruptedException {
        LOOP.close();
    }

    /** Flows.publisher over a counting source that suspends on every other item. */
    public static final class PublisherTck extends FlowPublisherVerification<Long> {
        public PublisherTck() {
            super(new TestEnvironment(TIMEOUT_MS, TIMEOUT_MS), TIMEOUT_MS);
        }

        @Override
        public Flow.Publisher<Long> createFlowPublisher(long elements) {
            return Flows.publisher(() -> new Counting(elements, elements % 2 == 0, -1), LOOP.loop);
        }

        /** A source that cannot even start (its aiter() throws): onError with no demand, rule 1.4. */
        @Override
        public Flow.Publisher<Long> createFailedFlowPublisher() {
            return Flows.publisher(() -> {
                throw new IllegalStateException("cannot open the source");
            }, LOOP.loop);
        }
    }

    /** The iterator's subscriber, drained by a task on the loop (the TCK drives its subscription itself). */
    public static final class SubscriberTck extends FlowSubscriberBlackboxVerification<Integer> {
        public SubscriberTck() {
            super(new TestEnvironment(TIMEOUT_MS, TIMEOUT_MS));
        }

        @Override
        public Flow.Subscriber<Integer> createFlowSubscriber() {
            PublisherIterator<Integer> it = new PublisherIterator<>(s -> { }, 4); // subscribed by the TCK
            LOOP.loop.callSoonThreadsafe(() -> LOOP.loop.createTask(Co.co(() -> drain(it))));
            return it.subscriber();
        }

        private static Co.Step<Integer> drain(AsyncIterator<Integer> it) {
            return Co.await(it.anext(), v -> drain(it), e -> Co.done(0)); // to the end, or the failure
        }

        @Override
        public Integer createElement(int element) {
            return element;
        }
    }

    @Test
    void publisherRules() {
        run(PublisherTck.class, 30);
    }

    @Test
    void subscriberRules() {
        run(SubscriberTck.class, 10);
    }

    private static void run(Class<?> verification, int atLeastPassed) {
        TestNG testng = new TestNG(false);
        testng.setTestClasses(new Class<?>[] {verification});
        testng.setVerbose(0);
        TestListenerAdapter results = new TestListenerAdapter();
        testng.addListener(results);
        testng.run();
        String failed = results.getFailedTests().stream()
                .map(r -> r.getName() + ": " + r.getThrowable())
                .collect(Collectors.joining("\n"));
        System.out.println(verification.getSimpleName() + ": " + results.getPassedTests().size() + " passed, "
                + results.getFailedTests().size() + " failed, " + results.getSkippedTests().size() + " skipped: "
                + names(results.getSkippedTests()));
        assertEquals("", failed);
        assertTrue(results.getPassedTests().size() >= atLeastPassed, "passed: " + names(results.getPassedTests()));
    }

    private static String names(List<ITestResult> results) {
        return results.stream().map(ITestResult::getName).sorted().collect(Collectors.joining(", "));
    }

}
