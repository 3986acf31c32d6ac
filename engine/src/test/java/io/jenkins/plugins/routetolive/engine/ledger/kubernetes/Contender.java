package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline.RelistingKubernetesLedger;

import java.time.Clock;

/** The two ledgers the benchmark compares, opened the same way. */
enum Contender {

    /** Today's implementation as of commit 26735a7, kept as a copy: re-lists every ledger ConfigMap per query and append. */
    BASELINE("re-list baseline") {
        @Override
        Ledger open(KubernetesClient client, String namespace, String controller, Clock clock) {
            return new RelistingKubernetesLedger(client, namespace, controller, clock);
        }
    },

    /** Whatever {@link KubernetesLedger} is on the classpath. */
    KUBERNETES_LEDGER("KubernetesLedger") {
        @Override
        Ledger open(KubernetesClient client, String namespace, String controller, Clock clock) {
            return new KubernetesLedger(client, namespace, controller, clock);
        }
    };

    final String label;

    Contender(String label) {
        this.label = label;
    }

    abstract Ledger open(KubernetesClient client, String namespace, String controller, Clock clock);
}
