package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;
import static dev.corio.Corio.toThread;
import static dev.corio.generators.Generators.awaitEach;
import static dev.corio.generators.Generators.done;
import static dev.corio.generators.Generators.emit;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.generators.AsyncGenerator;
import dev.corio.generators.StopAsyncIteration;
import dev.corio.sample.cli.Env;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The book's chapter 4, "Working with Async Generators": a random number generator consumed by
 * {@code async for}, an async comprehension over a generator of requests run in an executor, a state
 * machine driven by {@code asend}, and cleaning up generators left suspended. The processor generates
 * {@code Corio_Chapter4}.
 */
public class Chapter4 {
    final Env env;

    public Chapter4(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ writing and running an async generator

    @Async
    public AsyncGenerator<Integer> randomNumberGen(double delay, int start, int end) {
        while (true) {
            emit(start + env.random.nextInt(end - start + 1)); // random.randint(start, end)
            await(sleep(delay));
        }
    }

    /** {@code async for i in random_number_gen(1, 0, 100)}, left after {@code count} numbers (for Ctrl+C). */
    @Async
    public Coroutine<Void> randomNumbersMain(int count) {
        int n = 0;
        for (int i : awaitEach(randomNumberGen(1, 0, 100))) {
            print(Integer.toString(i));
            if (++n == count) {
                break; // closes the generator at once
            }
        }
        return result(null);
    }

    // ------------------------------------------------------------ an async comprehension

    static final HttpClient BLOCKING = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The book's {@code request}: the blocking request scheduled on the executor, its future returned. */
    static AsyncFuture<String> request(String url) {
        return toThread(() -> BLOCKING.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Async
    public AsyncGenerator<AsyncFuture<String>> bulkRequests(List<String> urls) {
        for (String url : urls) {
            emit(request(url));
        }
        return done();
    }

    @Async
    public Coroutine<Void> comprehensionMain(List<String> urls) {
        // requests = [request async for request in bulk_requests(...)]
        List<AsyncFuture<String>> requests = new ArrayList<>();
        for (AsyncFuture<String> r : awaitEach(bulkRequests(urls))) {
            requests.add(r);
        }
        List<Object> results = await(gatherReturnExceptions(requests));
        Map<String, Object> responsesAndExceptions = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            responsesAndExceptions.put(urls.get(i), results.get(i));
        }
        Map<String, String> responses = new LinkedHashMap<>();
        responsesAndExceptions.forEach((url, r) -> {
            if (!(r instanceof Throwable)) {
                responses.put(url, (String) r);
            }
        });
        responses.forEach((url, body) -> print("('" + url + "', " + abbreviate(body) + ")"));
        for (String url : urls) {
            if (!responses.containsKey(url)) {
                env.log.print("No successful request could be made to " + url + ". Reason: "
                        + responsesAndExceptions.get(url));
            }
        }
        return result(null);
    }

    static String abbreviate(String body) {
        String b = body.strip();
        return b.length() <= 40 ? b : b.substring(0, 40) + "... (" + b.length() + " characters)";
    }

    // ------------------------------------------------------------ a state machine with an async generator

    public enum State { IDLE, STARTED, PAUSED }

    public record Event(String name) {
    }

    static final Event START = new Event("Start");
    static final Event PAUSE = new Event("Pause");
    static final Event STOP = new Event("Stop");
    static final Event EXIT = new Event("Exit");
    public static final List<Event> STATES = List.of(START, PAUSE, STOP, EXIT);

    record Edge(State state, Event event) {
    }

    static final Map<Edge, State> TRANSITIONS = Map.ofEntries(
            Map.entry(new Edge(State.IDLE, PAUSE), State.IDLE),
            Map.entry(new Edge(State.IDLE, START), State.STARTED),
            Map.entry(new Edge(State.IDLE, STOP), State.IDLE),
            Map.entry(new Edge(State.STARTED, START), State.STARTED),
            Map.entry(new Edge(State.STARTED, PAUSE), State.PAUSED),
            Map.entry(new Edge(State.STARTED, STOP), State.IDLE),
            Map.entry(new Edge(State.PAUSED, START), State.STARTED),
            Map.entry(new Edge(State.PAUSED, PAUSE), State.PAUSED),
            Map.entry(new Edge(State.PAUSED, STOP), State.IDLE),
            Map.entry(new Edge(State.IDLE, EXIT), State.IDLE),
            Map.entry(new Edge(State.STARTED, EXIT), State.IDLE),
            Map.entry(new Edge(State.PAUSED, EXIT), State.IDLE));

    public static class StateMachineException extends RuntimeException {
    }

    public static class StartStateMachineException extends StateMachineException {
    }

    public static class StopStateMachineException extends StateMachineException {
    }

    enum Stage { START, NEXT, STOP }

    @Async
    public Coroutine<Void> nextState(AsyncGenerator<Void> stateMachine, Event event, Stage stage) {
        try {
            await(stateMachine.asend(event));
        } catch (StopAsyncIteration e) {
            if (stage != Stage.STOP) {
                throw stage == Stage.START ? new StartStateMachineException() : new StateMachineException();
            }
        } catch (RuntimeException e) {
            throw stage == Stage.START ? new StartStateMachineException()
                    : stage == Stage.STOP ? new StopStateMachineException() : new StateMachineException();
        }
        return result(null);
    }

    @Async
    public AsyncGenerator<Void> createStateMachine(Map<Edge, State> transitions) {
        Event event = null;
        State currentState = State.IDLE;
        while (event != EXIT) {
            event = emit(null);
            Edge edge = new Edge(currentState, event);
            if (!transitions.containsKey(edge)) {
                print("Cannot consume " + event.name() + " in state " + currentState.name());
                continue;
            }
            State nextState = transitions.get(edge);
            print("Transitioning from " + currentState.name() + " to " + nextState.name());
            currentState = nextState;
        }
        return done();
    }

    /** The book's main, its menu answered by {@code choices} (the user's input, one choice each). */
    @Async
    public Coroutine<Void> stateMachineMain(List<String> choices) {
        AsyncGenerator<Void> stateMachine = createStateMachine(TRANSITIONS);
        try {
            await(nextState(stateMachine, null, Stage.START));
            for (String choice : choices) {
                Event event;
                try {
                    event = STATES.get(Integer.parseInt(choice.strip()));
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    print("Please enter a valid choice!");
                    continue;
                }
                if (event != EXIT) {
                    await(nextState(stateMachine, event, Stage.NEXT));
                } else {
                    await(nextState(stateMachine, EXIT, Stage.STOP));
                }
            }
        } catch (StartStateMachineException e) {
            print("Starting the statemachine was unsuccessful");
        } catch (StopStateMachineException e) {
            print("Stopping the statemachine was unsuccessful");
        } catch (StateMachineException e) {
            print("Transitioning the statemachine was unsuccessful");
        }
        return result(null);
    }

    // ------------------------------------------------------------ cleaning up after async generators

    @Async
    public AsyncGenerator<Integer> asyncGenCoro() {
        try {
            emit(1);
            emit(2);
            emit(3);
        } finally {
            print("async_gen_coro closed"); // not in the book: shows shutdown_asyncgens at work
        }
        return done();
    }

    /** Option 1: two values taken, the generator left suspended; {@code Corio.run} closes it. */
    @Async
    public Coroutine<Void> cleanupMain() {
        AsyncGenerator<Integer> asyncGenerator = asyncGenCoro();
        print("got " + await(asyncGenerator.asend(null)));
        print("got " + await(asyncGenerator.asend(null)));
        print("main done");
        return result(null);
    }

    @Async
    public AsyncGenerator<Integer> endlessAsyncGen() {
        try {
            while (true) {
                emit(3);
                await(sleep(1));
            }
        } finally {
            print("endless_async_gen closed");
        }
    }

    /** Thrown by option 2's main after {@code count} values, where the book's user presses Ctrl+C. */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("Ctrl+C");
        }
    }

    /**
     * Option 2's main. The book's {@code async for} leaves the generator suspended when Ctrl+C stops the
     * loop; Corio's {@code awaitEach} closes it on the way out, so this main steps it by hand
     * ({@code anext}) to leave it suspended for the program's own {@code shutdownAsyncgens}.
     */
    @Async
    public Coroutine<Void> endlessMain(int count) {
        AsyncGenerator<Integer> gen = endlessAsyncGen();
        for (int n = 0; ; n++) {
            if (n == count) {
                throw new Interrupted();
            }
            print(Integer.toString(await(gen.anext())));
        }
    }
}
