package io.jenkins.plugins.routetolive.engine.gate;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An https endpoint on 127.0.0.1 with a self-signed certificate made by the JDK's keytool. */
class CustomCaTest {

    static final GateDefaults FAST = new GateDefaults(Duration.ofMillis(50), Duration.ofSeconds(2), 1, 1,
            Duration.ofSeconds(5), Duration.ZERO);

    @TempDir
    Path dir;
    HttpsServer server;
    ScheduledExecutorService scheduler;
    String pem;

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n";
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        scheduler.shutdownNow();
    }

    @Test
    void httpsGateTrustsTheGivenCaAndOnlyThat() throws Exception {
        Gates gates = new Gates(scheduler, Clock.systemUTC());
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/health");
        GateSubject subject = HttpGateTest.SUBJECT;

        GateVerdict withCa = gates.http(new HttpGateSpec(url, Set.of(), null, null, Map.of(), pem, FAST))
                .evaluate(subject).get(20, TimeUnit.SECONDS);
        GateVerdict withoutCa = gates.http(HttpGateSpec.of(url, FAST)).evaluate(subject).get(20, TimeUnit.SECONDS);

        assertThat(withCa.passed()).as(withCa.summary()).isTrue();
        assertThat(withoutCa.passed()).isFalse();
        assertThat(withoutCa.failures()).first().satisfies(p -> assertThat(p.reason()).containsIgnoringCase("SSL"));
    }
}
