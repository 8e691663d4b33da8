package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's module exports every package of classes except {@code dev.corio.internal}: a new package
 * that is not exported compiles and passes every class-path test, yet is invisible to a modular application
 * (found at a merge: {@code dev.corio.flow}, {@code dev.corio.jmh}, {@code dev.corio.net.tls} and
 * {@code dev.corio.group} had been added without an export).
 */
class ModuleExportsTest {
    @Test
    void everyPackageButInternalIsExported() throws IOException, URISyntaxException {
        Path classes = Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("dev.corio", module.name());
        Set<String> packages;
        try (Stream<Path> files = Files.walk(classes)) {
            packages = files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(packages.contains("dev.corio.internal") && packages.contains("dev.corio.net"), packages.toString());
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(packages);
        expected.remove("dev.corio.internal");
        assertEquals(expected, exported);
    }
}
