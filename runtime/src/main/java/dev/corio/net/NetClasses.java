package dev.corio.net;

/**
 * Every class of the networking packages, loaded with the loop's selector (its first socket). Loading a
 * class from a class directory opens its file, so a class first needed on an error path fails to load when
 * the error is "Too many open files" ({@code NoClassDefFoundError}, and it then stays unloadable for the JVM's
 * life): {@code Net$Connector} did that to a {@code createConnection} out of descriptors, whose future then never
 * completed ({@code AcceptOutOfDescriptorsTest}). Loaded, not initialized: a few milliseconds once per JVM.
 * {@code NetClassesTest} fails when a class of these packages is missing here (add its binary name).
 */
final class NetClasses {
    /** The binary names; the classes of {@code dev.corio} that net's error paths use come last. */
    static final String[] NAMES = {
            "dev.corio.net.BufferedProtocol",
            "dev.corio.net.ClientConnected",
            "dev.corio.net.DatagramChannelTransport",
            "dev.corio.net.DatagramChannelTransport$Pending",
            "dev.corio.net.DatagramEndpoint",
            "dev.corio.net.DatagramProtocol",
            "dev.corio.net.DatagramTransport",
            "dev.corio.net.Futures",
            "dev.corio.net.HappyEyeballs",
            "dev.corio.net.HappyEyeballs$Attempt",
            "dev.corio.net.IncompleteReadError",
            "dev.corio.net.LimitOverrunError",
            "dev.corio.net.LoopSelector",
            "dev.corio.net.LoopSelector$Registration",
            "dev.corio.net.Net",
            "dev.corio.net.Net$Connector",
            "dev.corio.net.NetClasses",
            "dev.corio.net.Protocol",
            "dev.corio.net.ReaderAndWriter",
            "dev.corio.net.Server",
            "dev.corio.net.Server$ServeForever",
            "dev.corio.net.SocketTransport",
            "dev.corio.net.StreamLines",
            "dev.corio.net.StreamLines$Next",
            "dev.corio.net.StreamReader",
            "dev.corio.net.StreamReader$1",
            "dev.corio.net.StreamReader$2",
            "dev.corio.net.StreamReader$3",
            "dev.corio.net.StreamReader$4",
            "dev.corio.net.StreamReader$5",
            "dev.corio.net.StreamReader$6",
            "dev.corio.net.StreamReader$Request",
            "dev.corio.net.StreamReaderProtocol",
            "dev.corio.net.StreamReaderProtocol$1",
            "dev.corio.net.StreamWriter",
            "dev.corio.net.Streams",
            "dev.corio.net.Transport",
            "dev.corio.net.TransportAndProtocol",
            "dev.corio.net.WriteBufferLimits",
            "dev.corio.net.group.GroupServer",
            "dev.corio.net.group.GroupServer$PerLoop",
            "dev.corio.net.tls.TlsOptions",
            "dev.corio.net.tls.TlsOptions$ClientAuth",
            "dev.corio.net.tls.TlsProtocol",
            "dev.corio.net.tls.TlsProtocol$1",
            "dev.corio.net.tls.TlsProtocol$Layers",
            "dev.corio.net.tls.TlsProtocol$State",
            "dev.corio.net.tls.TlsTransport",
            "dev.corio.ExceptionContext",
            "dev.corio.CancelledError",
            "dev.corio.TimerHandle",
            "dev.corio.LeakReport",
            "dev.corio.internal.TlsLayers",
    };

    private NetClasses() {
    }

    /** Loads every class of {@link #NAMES} (without initializing it). */
    static void load() {
        ClassLoader loader = NetClasses.class.getClassLoader();
        for (String name : NAMES) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("dev.corio.net.NetClasses names a class that is not there: " + name
                        + " (NetClassesTest lists what the packages hold)", e);
            }
        }
    }
}
