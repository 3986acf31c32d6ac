package io.jenkins.plugins.routetolive.engine.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedger;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.support.SharedLedgerController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.jenkins.plugins.routetolive.engine.support.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class ControllerPresenceTest {

    private static final String NS = "ci";
    private static final Instant START = Instant.parse("2026-11-18T10:00:00Z");

    KubernetesClient client;
    private final MutableClock clock = new MutableClock(START);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aRunningControllerRenewsItsPresenceAndReleasesItWhenClosed() {
        ControllerPresence presence = new ControllerPresence(client, NS, "jenkins-a", Duration.ofSeconds(3), scheduler, clock);
        presence.start();
        List<Lease> leases = client.leases().inNamespace(NS).withLabel("app.kubernetes.io/managed-by", "route-to-live")
                .withLabel("routetolive.io/kind", "controller-presence").list().getItems();
        assertThat(leases).extracting(l -> l.getMetadata().getName()).containsExactly("rtl-controller-jenkins-a");
        assertThat(leases.get(0).getMetadata().getLabels()).containsEntry("routetolive.io/controller", "jenkins-a");
        assertThat(leases.get(0).getSpec().getHolderIdentity()).isEqualTo("jenkins-a");
        assertThat(leases.get(0).getSpec().getLeaseDurationSeconds()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(2));
        until("the presence is renewed at the new time", () -> presence().getSpec().getRenewTime().toInstant()
                .equals(START.plusSeconds(2)));

        clock.advance(Duration.ofSeconds(1));
        presence.close();
        assertThat(presence().getSpec().getHolderIdentity()).as("released").isNull();
        assertThat(presence().getSpec().getRenewTime().toInstant()).as("gone from now on").isEqualTo(START.plusSeconds(3));
        presence.close(); // harmless
    }

    @Test
    void aControllerStartingAgainWithTheSameIdentityTakesItsPresenceBack() {
        new ControllerPresence(client, NS, "jenkins-a", Duration.ofSeconds(3), scheduler, clock).start();
        scheduler.shutdownNow(); // crashed
        client.leases().inNamespace(NS).withName("rtl-controller-jenkins-a").edit(lease -> { // taken over meanwhile
            lease.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of(
                    "routetolive.io/taken-over-by", "jenkins-b", "routetolive.io/taken-over-at", START.toString())));
            return lease;
        });
        clock.advance(Duration.ofMinutes(20));

        ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor();
        try {
            new ControllerPresence(client, NS, "jenkins-a", Duration.ofSeconds(3), again, clock).start();
            assertThat(presence().getSpec().getHolderIdentity()).isEqualTo("jenkins-a");
            assertThat(presence().getSpec().getRenewTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(20)));
            assertThat(presence().getMetadata().getAnnotations()).as("running again, no longer taken over")
                    .doesNotContainKeys("routetolive.io/taken-over-by", "routetolive.io/taken-over-at");
        } finally {
            again.shutdownNow();
        }
    }

    @Test
    void identitiesThatCannotNameALeaseOrDoNotMatchTheLedgerAreRefused() {
        assertThatThrownBy(() -> new ControllerPresence(client, NS, "Jenkins A", Duration.ofSeconds(3), scheduler, clock))
                .hasMessageContaining("but was 'Jenkins A'");
        KubernetesLedger ledger = new KubernetesLedger(client, NS, "jenkins-a", clock);
        PromotionService service = new PromotionService(SharedLedgerController.ROUTE, ledger, new InMemoryEnvironmentLocks(),
                clock, e -> { }, () -> "p", AdmissionRules.standard());
        ControllerPresence other = new ControllerPresence(client, NS, "jenkins-b", Duration.ofSeconds(3), scheduler, clock);
        assertThatThrownBy(() -> new OrphanedPromotions(service, ledger, other, scheduler, clock))
                .hasMessage("The ledger writes as controller jenkins-a but the presence announces jenkins-b; give both the"
                        + " same identity.");
    }

    private Lease presence() {
        return client.leases().inNamespace(NS).withName("rtl-controller-jenkins-a").get();
    }
}
