package dev.corio.net;

import static dev.corio.Co.co;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * asyncio's {@code BufferedProtocol} on a socket transport (test_buffered_proto.py's echo, and
 * test_selector_events.py's get_buffer error cases): the read lands in the protocol's buffer,
 * {@code dataReceived} is not called, and a {@code getBuffer} without room aborts the connection.
 */
@Timeout(60)
class BufferedProtocolTest {
    @RegisterExtension
    final NetFixture net = new NetFixture();

    /** Echoes through a 3-byte buffer, so that every read of the transport is cut to 3 bytes. */
    static final class SmallBufferEcho implements BufferedProtocol {
        final ByteBuffer buffer = ByteBuffer.allocate(3);
        final List<Integer> updates = new ArrayList<>();
        final List<Integer> hints = new ArrayList<>();
        boolean dataReceivedCalled;
        Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            hints.add(sizeHint);
            buffer.clear();
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            updates.add(nbytes);
            assertEquals(nbytes, buffer.position(), "the read advanced the buffer's position by what it read");
            transport.write(buffer.array(), 0, nbytes);
        }

        @Override
        public void dataReceived(byte[] data) {
            dataReceivedCalled = true;
        }
    }

    @Test
    void readsLandInTheProtocolsBufferAndNotInDataReceived() {
        List<SmallBufferEcho> served = new ArrayList<>();
        Server s = net.run(() -> Net.createServer(() -> {
            SmallBufferEcho e = new SmallBufferEcho();
            served.add(e);
            return e;
        }, "127.0.0.1", 0));
        TransportAndProtocol<TransportTest.Recording> c = net.run(() -> Net.createConnection(TransportTest.Recording::new,
                "127.0.0.1", s.addresses().get(0).getPort()));
        c.transport().write("hello world".getBytes(StandardCharsets.UTF_8));
        net.run(() -> co(() -> TransportTest.loopUntil(() -> c.protocol().text().equals("hello world"))));
        SmallBufferEcho server = served.get(0);
        assertFalse(server.dataReceivedCalled, "a buffered protocol gets no dataReceived");
        assertEquals(11, server.updates.stream().mapToInt(Integer::intValue).sum());
        assertTrue(server.updates.stream().allMatch(n -> n >= 1 && n <= 3), server.updates.toString());
        assertTrue(server.hints.stream().allMatch(h -> h > 0), "the size hint is the transport's read size");
        c.transport().close();
        net.run(() -> c.protocol().closed);
        net.run(() -> {
            s.close();
            return s.waitClosed();
        });
        assertTrue(net.errors.contexts.isEmpty(), net.errors.contexts.toString());
    }

    @Test
    void aBufferWithoutRoomAbortsTheConnectionAndIsReported() {
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        Server s = net.run(() -> Net.createServer(() -> new BufferedProtocol() {
            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                return ByteBuffer.allocate(0);
            }

            @Override
            public void bufferUpdated(int nbytes) {
                none.write(nbytes);
            }
        }, "127.0.0.1", 0));
        TransportAndProtocol<TransportTest.Recording> c = net.run(() -> Net.createConnection(TransportTest.Recording::new,
                "127.0.0.1", s.addresses().get(0).getPort()));
        c.transport().write(new byte[] {1, 2, 3});
        net.run(() -> c.protocol().closed); // the server aborted: the client sees the connection end
        assertEquals(0, none.size(), "bufferUpdated never ran");
        assertEquals(1, net.errors.contexts.size(), net.errors.contexts.toString());
        assertTrue(net.errors.contexts.get(0).message().startsWith("Fatal error: protocol.getBuffer() call failed."),
                net.errors.contexts.get(0).message());
        assertTrue(net.errors.contexts.get(0).exception().getMessage().contains("no room"),
                net.errors.contexts.get(0).exception().getMessage());
        net.run(() -> {
            s.close();
            return s.waitClosed();
        });
    }
}
