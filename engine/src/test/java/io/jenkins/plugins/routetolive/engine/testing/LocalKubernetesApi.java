package io.jenkins.plugins.routetolive.engine.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock Kubernetes API server in CRUD mode on 127.0.0.1, running until it is stopped: enough to try the
 * shared ledger with two controllers started by {@code plugin-run} (docs/ledger-kubernetes.md, "Trying it on one
 * machine"). Not a Kubernetes: nothing runs Pods. Argument: the port (default 8443).
 */
public final class LocalKubernetesApi {

    private LocalKubernetesApi() {
    }

    public static void main(String[] args) throws InterruptedException {
        Logger quiet = Logger.getLogger("io.fabric8.mockwebserver");
        quiet.setLevel(Level.WARNING);
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8443;
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        System.out.println("Kubernetes API (fabric8 mock, CRUD mode) on http://127.0.0.1:" + port + "/ - stop it with Ctrl-C");
        while (true) {
            server.takeRequest(1, TimeUnit.HOURS); // recorded requests would otherwise pile up in memory
        }
    }
}
