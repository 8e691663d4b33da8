package dev.corio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link NetClasses} names every class of dev.corio.net and its sub-packages, and nothing else there. */
@Timeout(60)
class NetClassesTest {
    @Test
    void everyClassOfTheNetworkingPackagesIsLoadedWithTheSelector() throws Exception {
        Path root = Path.of(LoopSelector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isDirectory(root), "the runtime's classes come from a jar: nothing to list");
        Set<String> present;
        try (Stream<Path> files = Files.walk(root.resolve("dev/corio/net"))) {
            present = files.map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = Arrays.stream(NetClasses.NAMES).filter(n -> n.startsWith("dev.corio.net."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(present, listed, "NetClasses.NAMES must name each class of dev.corio.net (a class first loaded"
                + " on an error path fails to load out of file descriptors)");
        NetClasses.load(); // every name resolves
    }
}
