package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.DEVELOPER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.TESTER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Rules added to the standard ones are checked too, and a refusal always arrives as a failed future. */
class AdmissionRulesTest {

    @Test
    void anAddedRuleIsCheckedAfterTheStandardOnes() {
        AtomicInteger checks = new AtomicInteger();
        PromotionFixture f = new PromotionFixture();
        PromotionService service = service(f, AdmissionRules.standard().and(a -> {
            checks.incrementAndGet();
            if (a.artifact().artifact().version().startsWith("0.")) {
                throw new PromotionRefusedException("Cannot promote " + a.artifact().artifact().describe()
                        + ": pre-releases stay out of " + a.target().name() + ".");
            }
        }));
        Artifact pre = f.registered("0.9.0");
        Artifact release = f.registered("1.0.0");

        assertThat(refusal(service.request(f.requestOf(pre, "development", DEVELOPER))))
                .hasMessageContaining("pre-releases stay out of development");
        assertThat(service.request(f.requestOf(release, "development", DEVELOPER))).isCompleted();
        assertThat(checks.get()).isPositive();
        assertThat(refusal(service.request(f.requestOf(release, "test", DEVELOPER))))
                .as("standard rules still apply").hasMessageContaining("it has not passed development");
    }

    @Test
    void aRuleThatRefusesWhenThePromotionStartsFailsTheFutureInsteadOfThrowing() {
        PromotionFixture f = new PromotionFixture();
        AtomicInteger calls = new AtomicInteger();
        PromotionService service = service(f, AdmissionRules.standard().and(a -> {
            if (calls.incrementAndGet() > 1) {
                throw new PromotionRefusedException("the world changed between the check and the start");
            }
        }));
        Artifact v1 = f.registered("1.0.0");

        List<CompletableFuture<Promotion>> future = new ArrayList<>();
        assertThatCode(() -> future.add(service.request(f.requestOf(v1, "development", DEVELOPER))))
                .doesNotThrowAnyException();

        assertThat(refusal(future.get(0))).hasMessageContaining("the world changed");
        assertThat(f.ledger.activePromotions()).isEmpty();
    }

    @Test
    void aWaitingRequestRefusedWhenItsTurnComesFailsAndPassesTheEnvironmentOn() {
        PromotionFixture f = new PromotionFixture();
        AtomicBoolean refuseNow = new AtomicBoolean();
        PromotionService service = service(f, AdmissionRules.standard().and(a -> {
            if (refuseNow.get() && a.artifact().artifact().version().equals("1.1.0")) {
                throw new PromotionRefusedException("1.1.0 was withdrawn");
            }
        }));
        Artifact v1 = f.registered("1.0.0");
        Artifact v2 = f.registered("1.1.0");
        Artifact v3 = f.registered("1.2.0");
        for (Artifact a : new Artifact[] {v1, v2, v3}) {
            f.promoteThrough(a, "development");
        }
        Promotion first = service.request(f.requestOf(v1, "test", DEVELOPER)).join();
        CompletableFuture<Promotion> second = service.request(f.requestOf(v2, "test", DEVELOPER));
        CompletableFuture<Promotion> third = service.request(f.requestOf(v3, "test", DEVELOPER));
        refuseNow.set(true);

        service.reject(first.id(), TESTER, "not this one");

        assertThat(refusal(second)).hasMessageContaining("1.1.0 was withdrawn");
        assertThat(third).isCompleted();
        assertThat(third.join().artifact()).isEqualTo(v3);
    }

    /** A second service on the fixture's ledger and locks, with other rules. */
    private static PromotionService service(PromotionFixture f, AdmissionRules rules) {
        AtomicInteger ids = new AtomicInteger(100);
        return new PromotionService(DefaultRoute.create(), f.ledger, f.locks, f.clock, f.events::add,
                () -> "q" + ids.incrementAndGet(), rules);
    }
}
