package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;
import io.jenkins.plugins.routetolive.engine.route.Environment;

import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;

import java.time.Instant;
import java.util.Optional;

/**
 * No promotion into an environment during one of its freeze windows, unless the requester may
 * override (the override privilege, and membership of the override groups if any are named) and
 * gives a reason.
 */
public final class FreezeWindowRule implements AdmissionRule {

    @Override
    public void check(Admission a) {
        Optional<FreezeWindow> window = activeWindow(a.target(), a);
        if (window.isEmpty()) {
            return;
        }
        String what = "Cannot promote " + a.artifact().artifact().describe() + " to " + a.target().name()
                + ": it is frozen by " + window.get().describe() + " at " + a.now() + ".";
        if (a.request().override().isEmpty()) {
            throw new PromotionRefusedException(what + " Wait until the window ends, or have someone allowed to override ("
                    + overriders(a.target()) + ") promote with an emergency override and a reason.");
        }
        Actor actor = a.request().requester();
        if (!mayOverride(actor, a.target())) {
            throw new PromotionRefusedException(what + " " + actor.id() + " asked to override it but may not: only "
                    + overriders(a.target()) + " may override a freeze of " + a.target().name() + ".");
        }
    }

    /** The window covering the moment of admission, if any. */
    public static Optional<FreezeWindow> activeWindow(Environment target, Admission a) {
        return target.freezeAt(a.now());
    }

    /**
     * Deployment must not start inside a freeze window that began after the request (approvals can take
     * days) unless the request carried an override: the refusal, if any.
     */
    static Optional<String> frozenSinceRequest(Environment target, Promotion promotion, LedgerQueries ledger, Instant now) {
        Optional<FreezeWindow> window = target.freezeAt(now);
        boolean overridden = ledger.promotionHistory(promotion.id()).stream()
                .anyMatch(e -> e.type() == EntryType.FREEZE_OVERRIDDEN);
        if (window.isEmpty() || overridden) {
            return Optional.empty();
        }
        return Optional.of("Cannot deploy " + promotion.describe() + ": " + promotion.environment() + " has been frozen by "
                + window.get().describe() + " since the promotion was requested. Request it again after the window, "
                + "or with an emergency override and a reason.");
    }

    static boolean mayOverride(Actor actor, Environment target) {
        return actor.has(Privilege.OVERRIDE) && (target.overrideGroups().isEmpty() || actor.inAnyOf(target.overrideGroups()));
    }

    private static String overriders(Environment target) {
        return target.overrideGroups().isEmpty() ? "users with the Override permission"
                : "members of " + String.join(", ", target.overrideGroups().stream().sorted().toList())
                + " with the Override permission";
    }
}
