package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One ledger entry as one line of JSON, readable with kubectl. Enum values are stored by name. */
public final class EntryJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private EntryJson() {
    }

    /** The data key of an entry in its ConfigMap: the zero-padded sequence, so keys sort in ledger order. */
    public static String key(long sequence) {
        return String.format("%020d", sequence);
    }

    /** The entry as JSON, naming the controller that wrote it. */
    public static String write(LedgerEntry e, String controller) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sequence", e.sequence());
        fields.put("time", e.time().toString());
        fields.put("type", e.type().name());
        fields.put("promotionId", e.promotionId());
        fields.put("application", e.application());
        fields.put("version", e.version());
        fields.put("digest", e.digest().value());
        fields.put("environment", e.environment());
        if (e.state() != null) {
            fields.put("state", e.state().name());
        }
        fields.put("actor", e.actor());
        fields.put("reason", e.reason());
        fields.put("attributes", e.attributes());
        fields.put("controller", controller);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write ledger entry " + e.sequence() + " as JSON: " + ex.getMessage(), ex);
        }
    }

    /** The controller that wrote a record ("" for records written before controllers were named). */
    public static String controller(String json, String where) {
        try {
            Object controller = JSON.readValue(json, MAP).get("controller");
            return controller == null ? "" : controller.toString();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Ledger record " + where + " is not valid JSON (" + ex.getMessage()
                    + "); fix or remove it with kubectl edit.", ex);
        }
    }

    /** Reads an entry; {@code where} names the ConfigMap and key for the error message. */
    public static LedgerEntry read(String json, String where) {
        return fields(json, where, EntryJson::entry);
    }

    /**
     * Reads a stored record with one parse: the entry under its data key (its position in an application's log; in
     * the earlier layout, its sequence) and the controller that wrote it.
     */
    public static ApplicationLog.Record record(String key, String json, String where) {
        return fields(json, where, f -> new ApplicationLog.Record(Long.parseLong(key), entry(f),
                f.get("controller") == null ? "" : f.get("controller").toString()));
    }

    private static <T> T fields(String json, String where, java.util.function.Function<Map<String, Object>, T> reader) {
        try {
            return reader.apply(JSON.readValue(json, MAP));
        } catch (JsonProcessingException | RuntimeException ex) {
            throw new IllegalStateException("Ledger record " + where + " is not a valid ledger entry (" + ex.getMessage()
                    + "); fix or remove it with kubectl edit.", ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static LedgerEntry entry(Map<String, Object> f) {
        Object state = f.get("state");
        return new LedgerEntry(((Number) f.get("sequence")).longValue(), Instant.parse((String) f.get("time")),
                EntryType.valueOf((String) f.get("type")), (String) f.get("promotionId"), (String) f.get("application"),
                (String) f.get("version"), new Digest((String) f.get("digest")), (String) f.get("environment"),
                state == null ? null : PromotionState.valueOf((String) state), (String) f.get("actor"),
                (String) f.get("reason"), (Map<String, String>) f.get("attributes"));
    }
}
