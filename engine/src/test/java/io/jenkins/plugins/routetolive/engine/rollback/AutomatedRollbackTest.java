package io.jenkins.plugins.routetolive.engine.rollback;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.deploy.ExternalDeployer;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.gate.HttpGateSpec;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.HealthServer;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Automated rollback with a process-local deployer and a real HTTP health endpoint on 127.0.0.1. */
class AutomatedRollbackTest {

    static final String ENV = "development";
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");

    RouteFixture route;
    ScheduledExecutorService scheduler;
    Gates gates;
    HealthServer server;
    LocalDeployer local;
    Gate gate;

    @BeforeEach
    void start() throws Exception {
        route = new RouteFixture(ENV);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        gates = new Gates(scheduler, Clock.systemUTC());
        server = new HealthServer();
        local = new LocalDeployer();
        gate = gates.http(HttpGateSpec.of(server.url(), RouteFixture.FAST));
    }

    @AfterEach
    void stop() {
        server.close();
        scheduler.shutdownNow();
    }

    /** The endpoint is healthy exactly while the running version is one of the healthy ones. */
    Deployer healthyWhileRunning(Set<String> healthyVersions) {
        return new Deployer() {
            @Override
            public CompletableFuture<Void> deploy(DeploymentRequest request) {
                if (healthyVersions.contains(request.artifact().version())) {
                    server.healthy();
                } else {
                    server.unhealthy();
                }
                return local.deploy(request);
            }

            @Override
            public CompletableFuture<Void> scaleToZero(String application, String environment) {
                return local.scaleToZero(application, environment);
            }

            @Override
            public String describe() {
                return "local deployer";
            }
        };
    }

    PromotionOutcome promote(Artifact artifact, Rollout rollout, Deployer deployer) throws Exception {
        String id = route.request(artifact, ENV).id();
        return rollout.deployAndVerify(id, deployer, gate).get(20, TimeUnit.SECONDS);
    }

    @Test
    void rollsBackToLastKnownGoodWhenReadinessFails() throws Exception {
        Deployer deployer = healthyWhileRunning(Set.of("1.0.0"));
        Rollout rollout = new Rollout(route.service);
        assertThat(promote(V1, rollout, deployer).state()).isEqualTo(PromotionState.VERIFIED);

        PromotionOutcome outcome = promote(V2, rollout, deployer);

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(local.running("shop", ENV)).contains(V1);
        assertThat(local.history()).last().satisfies(r -> assertThat(r.rollback()).isTrue());
        assertThat(outcome.message()).contains("failed (health gate failed: 2 checks failed in a row")
                .contains("was rolled back to shop 1.0.0").containsPattern("in \\d+\\.\\d s\\.");
        assertThat(route.ledger.environment("shop", ENV).current().orElseThrow().digest()).isEqualTo(V1.digest());
        assertThat(route.messages()).anyMatch(m -> m.startsWith("Probe failed for shop in development") && m.contains("HTTP 503"))
                .anyMatch(m -> m.startsWith("Health gate for shop 2.0.0 in development failed"));
        assertThat(route.ledger.promotionHistory(outcome.promotionId())).filteredOn(e -> e.type() == EntryType.GATE_VERDICT)
                .extracting(e -> e.attribute(LedgerEntry.Attributes.VERDICT)).containsExactly("failed", "passed");
    }

    @Test
    void failedRollbackMarksTheEnvironmentBrokenUntilSomeoneRecordsAResolution() throws Exception {
        Rollout rollout = new Rollout(route.service);
        assertThat(promote(V1, rollout, healthyWhileRunning(Set.of("1.0.0"))).succeeded()).isTrue();

        PromotionOutcome outcome = promote(V2, rollout, healthyWhileRunning(Set.of()));

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLBACK_FAILED);
        assertThat(outcome.message()).contains("the rollback to shop 1.0.0").contains("failed too")
                .contains("development is marked broken");
        assertThat(route.ledger.environment("shop", ENV).broken()).isTrue();
        Artifact v3 = Fixtures.artifact("shop", "3.0.0");
        route.service.register(v3, "c0ffee3", RouteFixture.DEV, "build#3");
        assertThatThrownBy(() -> route.service.request(PromotionRequest.of("shop", v3.digest(), ENV, RouteFixture.DEV))
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("the environment is broken");

        route.service.resolve("shop", ENV, Actor.of("olga", "ops").withPrivileges(Privilege.ROLLBACK), "restarted the database");

        assertThat(route.service.request(PromotionRequest.of("shop", v3.digest(), ENV, RouteFixture.DEV)).get(5, TimeUnit.SECONDS)
                .state()).isEqualTo(PromotionState.REQUESTED);
    }

    @Test
    void firstDeploymentThatFailsIsLeftAsItIsWhenDeclaredSo() throws Exception {
        PromotionOutcome outcome = promote(V1, new Rollout(route.service, NoLastKnownGood.LEAVE_AS_IS),
                healthyWhileRunning(Set.of()));

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("There is no last known good in development to roll back to; it was left as it is, "
                + "running shop 1.0.0");
        assertThat(local.running("shop", ENV)).contains(V1);
        assertThat(route.ledger.environment("shop", ENV).current()).isPresent();
        assertThat(route.ledger.promotionHistory(outcome.promotionId())).last()
                .satisfies(e -> assertThat(e.attribute(LedgerEntry.Attributes.ENVIRONMENT_STATE)).isEqualTo("left-as-is"));
    }

    @Test
    void firstDeploymentThatFailsIsScaledToZeroWhenDeclaredSo() throws Exception {
        PromotionOutcome outcome = promote(V1, new Rollout(route.service, NoLastKnownGood.SCALE_TO_ZERO),
                healthyWhileRunning(Set.of()));

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(outcome.message()).contains("there was no last known good, so shop in development was scaled to zero")
                .contains("nothing runs there now");
        assertThat(local.running("shop", ENV)).isEmpty();
        assertThat(route.ledger.environment("shop", ENV).current()).isEmpty();
        assertThat(route.ledger.environment("shop", ENV).broken()).isFalse();
        assertThat(route.ledger.promotionHistory(outcome.promotionId())).last()
                .satisfies(e -> assertThat(e.attribute(LedgerEntry.Attributes.ENVIRONMENT_STATE)).isEqualTo("scaled-to-zero"));
    }

    @Test
    void externalDeploymentThatFailsNamesTheDigestThePipelineMustRestore() throws Exception {
        Rollout rollout = new Rollout(route.service);
        assertThat(promote(V1, rollout, new ExternalDeployer()).succeeded()).isTrue();
        server.unhealthy();

        PromotionOutcome outcome = promote(V2, rollout, new ExternalDeployer("helm upgrade in the pipeline"));

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("external deployment by helm upgrade in the pipeline cannot roll back")
                .contains("restore shop 1.0.0 (" + V1.digest().value() + ") in development");
        assertThat(new ExternalDeployer().canRollback()).isFalse();
    }

    @Test
    void verifyExternalReportsTheDigestToRestore() throws Exception {
        Rollout rollout = new Rollout(route.service);
        assertThat(rollout.verifyExternal(route.request(V1, ENV).id(), gate).get(10, TimeUnit.SECONDS).succeeded()).isTrue();
        server.unhealthy();

        PromotionOutcome outcome = rollout.verifyExternal(route.request(V2, ENV).id(), gate).get(10, TimeUnit.SECONDS);

        assertThat(outcome.message()).contains("The pipeline must roll development back to shop 1.0.0 (" + V1.digest().value() + ")");
    }

    @Test
    void manualRollbackOfAFailedReleaseRestoresTheLastKnownGoodAndIsRecorded() throws Exception {
        Deployer deployer = healthyWhileRunning(Set.of("1.0.0", "2.0.0"));
        Rollout rollout = new Rollout(route.service);
        promote(V1, rollout, deployer);
        promote(V2, rollout, deployer);
        // the pipeline deploys 3.0.0 itself; its gate fails and the engine leaves the rollback to people
        Artifact v3 = Fixtures.artifact("shop", "3.0.0");
        local.deploy(new DeploymentRequest(v3, ENV, "", false));
        server.unhealthy();
        rollout.verifyExternal(route.request(v3, ENV).id(), gate).get(10, TimeUnit.SECONDS);
        assertThat(route.ledger.environment("shop", ENV).current().orElseThrow().digest()).isEqualTo(v3.digest());
        Actor olga = Actor.of("olga", "ops").withPrivileges(Privilege.ROLLBACK);

        PromotionOutcome outcome = new ManualRollback(route.service).rollBack("shop", ENV, java.util.Optional.empty(), olga,
                "customers report errors", deployer, gate).get(20, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(local.running("shop", ENV)).contains(V2);
        assertThat(route.ledger.environment("shop", ENV).current().orElseThrow().digest()).isEqualTo(V2.digest());
        var requested = route.ledger.promotionHistory(outcome.promotionId()).get(0);
        assertThat(requested.state()).isEqualTo(PromotionState.REQUESTED);
        assertThat(requested.actor()).isEqualTo("olga");
        assertThat(requested.reason()).isEqualTo("customers report errors");
        assertThat(requested.attribute(ManualRollback.KIND_ATTRIBUTE)).isEqualTo("rollback");
        assertThat(route.messages()).contains("olga requested a rollback of development to " + V2.describe()
                + ": customers report errors");
    }

    @Test
    void manualRollbackWithoutADigestReturnsToTheReleaseBeforeTheOneRunning() throws Exception {
        Deployer deployer = healthyWhileRunning(Set.of("1.0.0", "2.0.0"));
        Rollout rollout = new Rollout(route.service);
        promote(V1, rollout, deployer);
        promote(V2, rollout, deployer);
        assertThat(route.ledger.environment("shop", ENV).lastKnownGood().orElseThrow().digest()).isEqualTo(V2.digest());
        Actor olga = Actor.of("olga", "ops").withPrivileges(Privilege.ROLLBACK);

        PromotionOutcome outcome = new ManualRollback(route.service).rollBack("shop", ENV, java.util.Optional.empty(), olga,
                "INC-42 errors after 2.0.0", deployer, gate).get(20, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(local.running("shop", ENV)).contains(V1);
        assertThat(route.ledger.environment("shop", ENV).current().orElseThrow().digest()).isEqualTo(V1.digest());
        assertThat(route.messages()).contains("olga requested a rollback of development to " + V1.describe()
                + ": INC-42 errors after 2.0.0");
    }

    @Test
    void manualRollbackWithoutADigestIsRefusedWhenOnlyTheRunningReleaseWasEverVerified() throws Exception {
        Deployer deployer = healthyWhileRunning(Set.of("1.0.0"));
        promote(V1, new Rollout(route.service), deployer);
        Actor olga = Actor.of("olga", "ops").withPrivileges(Privilege.ROLLBACK);
        long entries = route.ledger.size();

        assertThatThrownBy(() -> new ManualRollback(route.service).rollBack("shop", ENV, java.util.Optional.empty(), olga,
                "try", deployer, gate).get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessage("Cannot roll back shop in development: 1.0.0 (" + V1.digest().shortForm() + "), which runs "
                        + "there now, is the only release ever verified there, so there is no earlier release to return to.");
        assertThat(route.ledger.size()).isEqualTo(entries);
        assertThat(local.running("shop", ENV)).contains(V1);
    }

    @Test
    void manualRollbackToAnEarlierVerifiedDigest() throws Exception {
        Deployer deployer = healthyWhileRunning(Set.of("1.0.0", "2.0.0"));
        Rollout rollout = new Rollout(route.service);
        promote(V1, rollout, deployer);
        promote(V2, rollout, deployer);
        Actor olga = Actor.of("olga", "ops").withPrivileges(Privilege.ROLLBACK);

        PromotionOutcome outcome = new ManualRollback(route.service).rollBack("shop", ENV, java.util.Optional.of(V1.digest()),
                olga, "2.0.0 corrupts carts", deployer, gate).get(20, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(local.running("shop", ENV)).contains(V1);
        assertThat(route.ledger.environment("shop", ENV).lastKnownGood().orElseThrow().digest()).isEqualTo(V1.digest());
    }

    @Test
    void manualRollbackRefusesADigestNeverVerifiedThereAndActorsWithoutThePermission() throws Exception {
        Deployer deployer = healthyWhileRunning(Set.of("1.0.0"));
        promote(V1, new Rollout(route.service), deployer);
        ManualRollback manual = new ManualRollback(route.service);
        Actor olga = Actor.of("olga", "ops").withPrivileges(Privilege.ROLLBACK);

        assertThatThrownBy(() -> manual.rollBack("shop", ENV, java.util.Optional.of(V2.digest()), olga, "try", deployer, gate)
                .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("it was never verified there")
                .hasMessageContaining("Digests verified in development: 1.0.0 " + V1.digest().value());
        assertThatThrownBy(() -> manual.rollBack("shop", ENV, java.util.Optional.empty(), RouteFixture.DEV, "try", deployer, gate)
                .get(5, TimeUnit.SECONDS)).cause().hasMessageContaining("dora may not roll back shop in development")
                .hasMessageContaining("Rollback permission");
    }
}
