package dev.corio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The book's chapter 9 remote command server and client ("Writing a Protocol Subclass for a Simple Remote
 * Command Server/Client"), with protocols: the client sends a command and half-closes; the server runs it off
 * the loop (the book uses a process pool; here the loop's executor), writes the result and closes, or closes
 * without an answer when the command takes longer than its timeout.
 */
@Timeout(30)
class RemoteCommandTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = EventLoop.create();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    /** The server side: one command per connection. */
    static final class CommandProtocol implements Protocol {
        private final Map<String, Function<String[], String>> commands;
        private final double timeout;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();
        private Transport transport;

        CommandProtocol(Map<String, Function<String[], String>> commands, double timeout) {
            this.commands = commands;
            this.timeout = timeout;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            request.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            EventLoop loop = EventLoop.running();
            String[] words = request.toString(StandardCharsets.UTF_8).trim().split("\\s+");
            Function<String[], String> command = commands.get(words[0]);
            String[] args = Arrays.copyOfRange(words, 1, words.length);
            AsyncFuture<String> result = loop.runInExecutor(null, () -> {
                if (command == null) {
                    throw new IllegalArgumentException("unknown command " + words[0]);
                }
                return command.apply(args);
            });
            result.addDoneCallback(f -> {
                if (transport.isClosing()) {
                    return; // timed out meanwhile
                }
                Throwable e = f.exception();
                transport.write((e == null ? f.result() : "error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                transport.close();
            });
            loop.callLater(timeout, transport::close);
            return true; // the client only half-closed: the answer still goes out
        }
    }

    /** The client side: sends the command, half-closes, and collects the answer until the server closes. */
    static final class CommandClient implements Protocol {
        final AsyncFuture<String> answer = EventLoop.running().createFuture();
        private final String command;
        private final ByteArrayOutputStream response = new ByteArrayOutputStream();

        CommandClient(String command) {
            this.command = command;
        }

        @Override
        public void connectionMade(Transport t) {
            t.write(command.getBytes(StandardCharsets.UTF_8));
            t.writeEof();
        }

        @Override
        public void dataReceived(byte[] data) {
            response.writeBytes(data);
        }

        @Override
        public void connectionLost(Throwable exc) {
            if (exc != null) {
                answer.setException(exc);
            } else {
                answer.setResult(response.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static final Map<String, Function<String[], String>> COMMANDS = Map.of(
            "upper", args -> String.join(" ", args).toUpperCase(),
            "add", args -> String.valueOf(Arrays.stream(args).mapToLong(Long::parseLong).sum()),
            "slow", args -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            });

    private String ask(Server s, String command) {
        int port = s.addresses().get(0).getPort();
        CommandClient client = NetTesting.run(loop, () -> Futures.map(loop,
                Net.createConnection(() -> new CommandClient(command), "127.0.0.1", port), TransportAndProtocol::protocol));
        return NetTesting.run(loop, () -> client.answer);
    }

    @Test
    void commandsRunOffTheLoopAndAnswer() {
        Server s = NetTesting.run(loop, () -> Net.createServer(() -> new CommandProtocol(COMMANDS, 5), "127.0.0.1", 0));
        assertEquals("HELLO WORLD", ask(s, "upper hello world"));
        assertEquals("42", ask(s, "add 40 2"));
        assertEquals("error: unknown command nope", ask(s, "nope"));
        NetTesting.run(loop, () -> {
            s.close();
            return s.waitClosed();
        });
    }

    @Test
    void aCommandThatTakesTooLongIsCutOff() {
        Server s = NetTesting.run(loop, () -> Net.createServer(() -> new CommandProtocol(COMMANDS, 0.1), "127.0.0.1", 0));
        long start = System.nanoTime();
        assertEquals("", ask(s, "slow"), "closed without an answer");
        assertTrue(System.nanoTime() - start < 450_000_000L, "the timeout closed it before the command ended");
        NetTesting.run(loop, () -> {
            s.close();
            return s.waitClosed();
        });
    }
}
