package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One fact in the ledger: who did what to which digest in which environment, when and why.
 *
 * @param sequence    position in the ledger, assigned on append (0 before)
 * @param time        when it happened
 * @param type        what kind of fact
 * @param promotionId the promotion it belongs to ("" for registrations and resolutions)
 * @param application the application
 * @param version     the artifact version
 * @param digest      the artifact digest
 * @param environment the environment ("" when none)
 * @param state       the new state, for {@link EntryType#STATE_CHANGED}; otherwise null
 * @param actor       who did it (a user id, or "system")
 * @param reason      why, in words ("" when none)
 * @param attributes  further facts (see {@link Attributes}); sorted, never null
 */
public record LedgerEntry(long sequence, Instant time, EntryType type, String promotionId, String application,
                          String version, Digest digest, String environment, PromotionState state, String actor,
                          String reason, Map<String, String> attributes) {

    public LedgerEntry {
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(application, "application must not be null");
        Objects.requireNonNull(version, "version must not be null");
        Objects.requireNonNull(digest, "digest must not be null");
        promotionId = Objects.requireNonNullElse(promotionId, "");
        environment = Objects.requireNonNullElse(environment, "");
        actor = Objects.requireNonNullElse(actor, "system");
        reason = Objects.requireNonNullElse(reason, "");
        // one attribute needs no tree to be sorted, and Map.of is a fraction of its size (journals decode millions)
        attributes = attributes == null || attributes.isEmpty() ? Map.of()
                : attributes.size() == 1 && nullFree(attributes.entrySet().iterator().next()) ? Map.copyOf(attributes)
                : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
        if (type == EntryType.STATE_CHANGED && state == null) {
            throw new IllegalArgumentException("a STATE_CHANGED entry must name the new state");
        }
        if (type != EntryType.STATE_CHANGED && state != null) {
            throw new IllegalArgumentException("only STATE_CHANGED entries carry a state, but a " + type + " entry had " + state);
        }
    }

    private static boolean nullFree(Map.Entry<String, String> attribute) {
        return attribute.getKey() != null && attribute.getValue() != null;
    }

    /** The same entry at a position in the ledger. */
    public LedgerEntry withSequence(long position) {
        return new LedgerEntry(position, time, type, promotionId, application, version, digest, environment, state, actor,
                reason, attributes);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    /** Well-known attribute keys. */
    public static final class Attributes {
        /** Source revision of a registered artifact. */
        public static final String SOURCE_REVISION = "sourceRevision";
        /** Build that registered the artifact or ran the promotion. */
        public static final String BUILD = "build";
        /** Digest restored by a rollback. */
        public static final String RESTORED_DIGEST = "restoredDigest";
        /** Version restored by a rollback. */
        public static final String RESTORED_VERSION = "restoredVersion";
        /** "true" when an approval bypassed separation of duties. */
        public static final String BYPASS = "bypass";
        /** Name of the freeze window overridden. */
        public static final String FREEZE_WINDOW = "freezeWindow";
        /** "passed" or "failed" for a gate verdict. */
        public static final String VERDICT = "verdict";
        /** Name of the gate. */
        public static final String GATE = "gate";
        /** Summary of the gate evidence. */
        public static final String EVIDENCE = "evidence";
        /** Deployment outcome when nothing runs any more (e.g. "scaled-to-zero"). */
        public static final String ENVIRONMENT_STATE = "environmentState";
        /** Name of the release manifest an entry belongs to. */
        public static final String MANIFEST = "manifest";
        /** Version of that release manifest. */
        public static final String MANIFEST_VERSION = "manifestVersion";
        /** Digest of that release manifest's canonical content. */
        public static final String MANIFEST_DIGEST = "manifestDigest";
        /** What a manifest did with a component: deployed, pinned or unchanged. */
        public static final String MANIFEST_ROLE = "manifestRole";
        /** How a manifest promotion ended: verified, rolled-back, rollback-failed, rejected or refused. */
        public static final String MANIFEST_OUTCOME = "manifestOutcome";
        /** The component whose failure rolled a manifest back. */
        public static final String FAILED_COMPONENT = "failedComponent";
        /** The components of a manifest, "application version digest" separated by ", ". */
        public static final String COMPONENTS = "components";
        /** Result of a rollback rehearsal or a manifest rollback step: passed, failed, nothing-to-roll-back-to. */
        public static final String REHEARSAL = "rehearsal";
        /** The steps of a rollback rehearsal with their timings, "; "-separated. */
        public static final String REHEARSAL_STEPS = "rehearsalSteps";
        /** Total milliseconds a rehearsal took. */
        public static final String TOOK_MILLIS = "tookMillis";
        /** The Kubernetes namespace of an ephemeral environment. */
        public static final String NAMESPACE = "namespace";
        /** The full name of the branch's job an ephemeral environment belongs to. */
        public static final String JOB = "job";
        /** The branch or change request (as the multibranch project names it) of an ephemeral environment. */
        public static final String BRANCH = "branch";
        /** The route of the environment an ephemeral environment was copied from. */
        public static final String ROUTE = "route";
        /** The environment an ephemeral environment was copied from; its cluster holds the ephemeral namespace. */
        public static final String TEMPLATE_ENVIRONMENT = "templateEnvironment";
        /** The Jenkins controller that made an ephemeral environment. */
        public static final String CONTROLLER = "controller";
        /** Where an ephemeral environment answers. */
        public static final String URL = "url";
        /** When an ephemeral environment's time to live ends (ISO-8601 instant). */
        public static final String EXPIRES_AT = "expiresAt";
        /** Why an ephemeral environment is torn down: its time to live ended, its job was deleted, or someone asked. */
        public static final String TEARDOWN_CAUSE = "teardownCause";

        private Attributes() {
        }
    }
}
