package dev.corio.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed key pair for the TLS tests, made once per JVM by the JDK's own {@code keytool} run as a
 * process (its API, {@code sun.security.tools}, is not public): an EC P-256 key for CN=localhost with the
 * subject alternative names {@code DNS:localhost} and {@code IP:127.0.0.1}, valid for two days.
 */
final class TlsCerts {
    static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore keyStore;

    private TlsCerts() {
    }

    /** The server's key store (one private-key entry, alias "server"). */
    static synchronized KeyStore keyStore() throws Exception {
        if (keyStore == null) {
            Path dir = Files.createTempDirectory("corio-tls");
            Path file = dir.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD);
            }
            Files.delete(file);
            Files.delete(dir);
            keyStore = ks;
        }
        return keyStore;
    }

    /** The self-signed certificate. */
    static Certificate certificate() throws Exception {
        return keyStore().getCertificate("server");
    }

    /** A context holding the server's key (and trusting nothing in particular). */
    static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A context that trusts the self-signed certificate, and only it. */
    static SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
