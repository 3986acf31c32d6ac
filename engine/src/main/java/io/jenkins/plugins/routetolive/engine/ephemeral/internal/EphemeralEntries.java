package io.jenkins.plugins.routetolive.engine.ephemeral.internal;

import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOwner;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralState;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry.Attributes;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Ephemeral environments in the ledger: the entries written, and the record read back from them. Every entry
 * carries what is needed to tear the environment down (namespace, owner, route, template environment), so the
 * record can be rebuilt from its newest entry alone after a compaction. Entries name no environment and no
 * promotion: nothing keyed by environment or promotion ever sees them.
 */
public final class EphemeralEntries {

    private EphemeralEntries() {
    }

    public static boolean isEphemeral(EntryType type) {
        return type == EntryType.EPHEMERAL_DEPLOYED || type == EntryType.EPHEMERAL_TORN_DOWN
                || type == EntryType.EPHEMERAL_TEARDOWN_FAILED;
    }

    /** The key of the environment an ephemeral entry is about. */
    public static String key(LedgerEntry e) {
        return e.application() + '\u0000' + e.attribute(Attributes.JOB);
    }

    /** A deployment into the environment and its gate's verdict. */
    public static LedgerEntry deployed(EphemeralRecord r, String actor, String build, String gate, String evidence) {
        Map<String, String> attributes = identity(r);
        attributes.put(Attributes.VERDICT, r.gatePassed() ? "passed" : "failed");
        attributes.put(Attributes.GATE, gate);
        attributes.put(Attributes.EVIDENCE, evidence);
        attributes.put(Attributes.BUILD, build);
        return new LedgerEntry(0, r.updatedAt(), EntryType.EPHEMERAL_DEPLOYED, "", r.owner().application(), r.version(),
                r.digest(), "", null, actor, r.message(), attributes);
    }

    /** A teardown that was done (the namespace is gone) or failed (it stays due). */
    public static LedgerEntry teardown(EphemeralRecord r, boolean done, String cause, String message, String actor, Instant at) {
        Map<String, String> attributes = identity(r);
        attributes.put(Attributes.TEARDOWN_CAUSE, cause);
        return new LedgerEntry(0, at, done ? EntryType.EPHEMERAL_TORN_DOWN : EntryType.EPHEMERAL_TEARDOWN_FAILED, "",
                r.owner().application(), r.version(), r.digest(), "", null, actor, message, attributes);
    }

    private static Map<String, String> identity(EphemeralRecord r) {
        Map<String, String> a = new HashMap<>();
        a.put(Attributes.NAMESPACE, r.namespace());
        a.put(Attributes.JOB, r.owner().job());
        a.put(Attributes.BRANCH, r.owner().branch());
        a.put(Attributes.ROUTE, r.route());
        a.put(Attributes.TEMPLATE_ENVIRONMENT, r.templateEnvironment());
        a.put(Attributes.CONTROLLER, r.controller());
        a.put(Attributes.URL, r.url());
        a.put(Attributes.EXPIRES_AT, r.expiresAt().toString());
        return a;
    }

    /** The environment after this entry, given what was known before it (null when nothing was). */
    public static EphemeralRecord read(LedgerEntry e, EphemeralRecord before) {
        if (e.type() == EntryType.EPHEMERAL_DEPLOYED || before == null) {
            boolean deployed = e.type() == EntryType.EPHEMERAL_DEPLOYED;
            EphemeralRecord r = new EphemeralRecord(new EphemeralOwner(e.application(), e.attribute(Attributes.JOB),
                    e.attribute(Attributes.BRANCH)), e.attribute(Attributes.NAMESPACE), e.attribute(Attributes.ROUTE),
                    e.attribute(Attributes.TEMPLATE_ENVIRONMENT), e.attribute(Attributes.CONTROLLER), e.version(), e.digest(),
                    e.attribute(Attributes.URL), e.time(), instant(e.attribute(Attributes.EXPIRES_AT), e.time()),
                    deployed && "passed".equals(e.attribute(Attributes.VERDICT)), EphemeralState.ACTIVE, "",
                    e.reason(), e.time());
            return deployed ? r : after(r, e);
        }
        return after(before, e);
    }

    private static EphemeralRecord after(EphemeralRecord r, LedgerEntry e) {
        EphemeralState state = e.type() == EntryType.EPHEMERAL_TORN_DOWN ? EphemeralState.TORN_DOWN : EphemeralState.TEARDOWN_FAILED;
        return r.with(state, Objects.requireNonNullElse(e.attribute(Attributes.TEARDOWN_CAUSE), ""), e.reason(), e.time());
    }

    private static Instant instant(String text, Instant otherwise) {
        try {
            return text == null ? otherwise : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }
}
