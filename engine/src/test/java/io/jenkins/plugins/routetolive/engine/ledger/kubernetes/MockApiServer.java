package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's Kubernetes mock server in CRUD mode on 127.0.0.1 with a client for it, counting every request it receives.
 * The server records each request in a queue before it answers it; a daemon thread empties that queue into counts
 * (so a long run does not keep every request body in memory), and {@link #calls()} empties it before reading them,
 * so a snapshot taken after a call returned includes that call.
 */
final class MockApiServer implements AutoCloseable {

    /** Held so the level sticks: the mock server logs every request at INFO. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    /**
     * Held so the level sticks: the mock server composes a list answer on its Vert.x event loop, and at 100,000 entries
     * the baseline's re-lists (about 40 MB each) block it for seconds, which Vert.x reports every second.
     */
    private static final Logger VERTX_BLOCKED_THREAD_LOG = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    /** The client default (10 s) is shorter than one re-list of 100,000 entries takes on a busy machine. */
    private static final int REQUEST_TIMEOUT_MILLIS = 120_000;

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<KubernetesClient> otherClients = new CopyOnWriteArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final Thread drainer;
    private volatile boolean closed;

    private MockApiServer() {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        VERTX_BLOCKED_THREAD_LOG.setLevel(Level.SEVERE);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = createClient();
        drainer = new Thread(this::drainUntilClosed, "mock-api-request-tally");
        drainer.setDaemon(true);
        drainer.start();
    }

    static MockApiServer start() {
        return new MockApiServer();
    }

    KubernetesClient client() {
        return client;
    }

    /** Another client of the same server, as another controller would have; closed with the server. */
    KubernetesClient newClient() {
        KubernetesClient other = createClient();
        otherClients.add(other);
        return other;
    }

    private KubernetesClient createClient() {
        return server.createClient(b -> b.editOrNewConfig().withRequestTimeout(REQUEST_TIMEOUT_MILLIS).endConfig());
    }

    /** Every request received so far, by kind and verb. */
    ApiCalls calls() {
        synchronized (counts) {
            drain();
            return new ApiCalls(counts);
        }
    }

    private void drainUntilClosed() {
        while (!closed) {
            synchronized (counts) {
                drain();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Called with the counts' monitor held. */
    private void drain() {
        try {
            for (RecordedRequest r = server.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
                 r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
                counts.merge(classify(r.getMethod(), r.getPath()), 1L, Long::sum);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "configmaps LIST", "leases PUT", …: the plural of the resource addressed and what was done to it. */
    static String classify(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        boolean watch = q >= 0 && pathAndQuery.substring(q).matches(".*[?&]watch=(true|1)(&.*)?");
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int resource;
        if (parts.length >= 3 && parts[0].equals("api")) {
            resource = 2; // api/v1/<...>
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            resource = 3; // apis/<group>/<version>/<...>
        } else {
            return ApiCalls.key("(other)", method);
        }
        if (parts[resource].equals("namespaces") && parts.length >= resource + 3) {
            resource += 2;
        }
        String kind = parts[resource];
        boolean named = parts.length > resource + 1;
        String verb = switch (method) {
            case "GET" -> watch ? "WATCH" : named ? "GET" : "LIST";
            default -> method;
        };
        return ApiCalls.key(kind, verb);
    }

    @Override
    public void close() {
        closed = true;
        drainer.interrupt();
        otherClients.forEach(KubernetesClient::close);
        client.close();
        server.destroy();
    }
}
