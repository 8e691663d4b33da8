package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.TimerHandle;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code createConnection} with asyncio's {@code happy_eyeballs_delay} / {@code interleave} (RFC 8305, as
 * asyncio's {@code staggered_race}): attempts start one after the other, the next one {@code delay} seconds
 * of loop time after the previous one started, or at once when it failed; earlier attempts go on meanwhile.
 * The first connection wins; the attempts still pending are cancelled and their sockets closed (a loser that
 * connected anyway is closed too). When every attempt failed, the errors are reported as
 * {@code createConnection} reports them (one as it is, several as "Multiple exceptions: ...").
 *
 * <pre>
 *   t=0      attempt 1 ---------------------------x (fails: attempt 3 starts at once)
 *   t=delay            attempt 2 --------------------------- (pending, cancelled when 3 wins)
 *   t=fail1                                        attempt 3 ----connected: the winner
 * </pre>
 * Loop thread only.
 */
final class HappyEyeballs<P extends Protocol> {
    private final EventLoop loop;
    private final List<InetSocketAddress> addresses;
    private final Supplier<P> factory;
    private final AsyncFuture<TransportAndProtocol<P>> result;
    private final double delay;
    private final List<IOException> errors = new ArrayList<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private TimerHandle timer;
    private int next;
    private boolean won;

    private HappyEyeballs(EventLoop loop, List<InetSocketAddress> addresses, Supplier<P> factory,
            AsyncFuture<TransportAndProtocol<P>> result, double delay) {
        this.loop = loop;
        this.addresses = addresses;
        this.factory = factory;
        this.result = result;
        this.delay = delay;
    }

    static void check(double delay, int interleave) {
        if (!(delay >= 0) || Double.isInfinite(delay)) {
            throw new IllegalArgumentException("happyEyeballsDelay must be a finite number of seconds >= 0, got "
                    + delay);
        }
        if (interleave < 0) {
            throw new IllegalArgumentException("interleave must be >= 0, got " + interleave);
        }
    }

    static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> connect(EventLoop loop, Supplier<P> factory,
            AsyncFuture<List<InetSocketAddress>> resolved, double delay, int interleave) {
        return Net.whenResolved(loop, resolved, (addresses, result) -> {
            List<InetSocketAddress> order = interleave == 0 ? addresses : interleave(addresses, interleave);
            HappyEyeballs<P> race = new HappyEyeballs<>(loop, order, factory, result, delay);
            result.addDoneCallback(f -> race.stop());
            race.startNext();
        });
    }

    /**
     * asyncio's {@code _interleave_addrinfos}: grouped by family in the order the families first appear,
     * {@code firstFamilyCount} of the first family first, then one of each family in turn.
     */
    static List<InetSocketAddress> interleave(List<InetSocketAddress> addresses, int firstFamilyCount) {
        Map<Boolean, List<InetSocketAddress>> byFamily = new LinkedHashMap<>();
        for (InetSocketAddress a : addresses) {
            byFamily.computeIfAbsent(a.getAddress() instanceof Inet6Address, k -> new ArrayList<>()).add(a);
        }
        List<List<InetSocketAddress>> lists = new ArrayList<>();
        for (List<InetSocketAddress> l : byFamily.values()) {
            lists.add(new ArrayList<>(l));
        }
        List<InetSocketAddress> out = new ArrayList<>(addresses.size());
        if (firstFamilyCount > 1 && !lists.isEmpty()) {
            List<InetSocketAddress> first = lists.get(0);
            int n = Math.min(firstFamilyCount - 1, first.size());
            out.addAll(first.subList(0, n));
            first.subList(0, n).clear();
        }
        for (int i = 0; out.size() < addresses.size(); i++) {
            for (List<InetSocketAddress> l : lists) {
                if (i < l.size()) {
                    out.add(l.get(i));
                }
            }
        }
        return out;
    }

    /** Starts the next attempt, and the timer for the one after it; fails the race when none is left. */
    private void startNext() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (result.isDone()) {
            return;
        }
        if (next == addresses.size()) {
            if (attempts.stream().noneMatch(a -> a.pending)) {
                result.setException(Net.connectFailure(errors));
            }
            return;
        }
        InetSocketAddress address = addresses.get(next++);
        SocketChannel ch;
        try {
            ch = SocketChannel.open(address.getAddress() instanceof Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | UnsupportedOperationException e) {
            errors.add(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            startNext();
            return;
        }
        Attempt attempt = new Attempt(ch, Net.sockConnect(loop, ch, address));
        attempts.add(attempt);
        attempt.connect.addDoneCallback(c -> done(attempt));
        if (!attempt.connect.isDone() && next < addresses.size()) {
            timer = loop.callLater(delay, this::startNext);
        }
    }

    private void done(Attempt attempt) {
        attempt.pending = false;
        AsyncFuture<Void> c = attempt.connect;
        if (c.isCancelled() || result.isDone() || won) {
            Net.closeQuietly(loop, attempt.ch); // a loser, or the race was given up
            return;
        }
        if (c.exception() != null) {
            Net.closeQuietly(loop, attempt.ch);
            errors.add((IOException) c.exception());
            startNext(); // at once: the failure freed its turn
            return;
        }
        won = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        for (Attempt other : attempts) {
            if (other != attempt && other.pending) {
                other.connect.cancel(); // its done callback closes the socket
            }
        }
        Net.connected(loop, attempt.ch, factory, result);
    }

    /** The race ended (won, failed or cancelled): no more attempts, the pending ones abandoned. */
    private void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (result.isCancelled()) {
            for (Attempt a : attempts) {
                if (a.pending) {
                    a.connect.cancel();
                }
            }
        }
    }

    private static final class Attempt {
        final SocketChannel ch;
        final AsyncFuture<Void> connect;
        boolean pending = true;

        Attempt(SocketChannel ch, AsyncFuture<Void> connect) {
            this.ch = ch;
            this.connect = connect;
        }
    }
}
