package dev.corio.sample.programs;

import dev.corio.sample.cli.Env;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * "AsyncIO for the Working Python Developer": asking several IP-address services at once, with the
 * embedded server's stand-ins ({@code /services/ipify}, {@code /services/ip-api}) and a dead one
 * ({@code borken}: a closed port on 127.0.0.1), for the first-completed (2b, 2c), exception-handling
 * (3a, 3b, 3c) and timeout (4a) programs of {@link WorkingDev}.
 */
public final class IpServices {
    private IpServices() {
    }

    /** The article's {@code Service} namedtuple. */
    public record Service(String name, String url, String ipAttr) {
    }

    /** ipify answers 0.5 s later than the server's latency, ip-api 0.05 s later: ip-api wins, as in the article. */
    public static List<Service> services(Env env, String ipApiAttr, boolean withBorken) {
        List<Service> s = new ArrayList<>();
        s.add(new Service("ipify", env.serviceUrl("ipify", 0.5), "ip"));
        s.add(new Service("ip-api", env.serviceUrl("ip-api", 0.05), ipApiAttr));
        if (withBorken) {
            s.add(new Service("borken", "http://127.0.0.1:" + closedPort() + "/json", "ip"));
        }
        return s;
    }

    /** A port nothing listens on: bound, then released. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port: " + e, e);
        }
    }

    /** Which exception-handling program of the article (3a, 3b, 3c). */
    public enum ExceptionsMode { handled, raised, ignored }
}
