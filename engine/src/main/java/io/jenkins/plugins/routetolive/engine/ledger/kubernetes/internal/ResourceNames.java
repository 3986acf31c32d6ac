package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/** Names and labels of the Kubernetes objects the shared ledger and its locks use. */
public final class ResourceNames {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "route-to-live";
    public static final String APPLICATION_LABEL = "routetolive.io/application";
    public static final String ENVIRONMENT_LABEL = "routetolive.io/environment";
    public static final String KIND_LABEL = "routetolive.io/kind";
    public static final String CHUNK_LABEL = "routetolive.io/chunk";
    /** Exact application and environment names (labels may have had to be shortened). */
    public static final String APPLICATION_ANNOTATION = "routetolive.io/application-name";
    public static final String ENVIRONMENT_ANNOTATION = "routetolive.io/environment-name";
    public static final String PROMOTION_ANNOTATION = "routetolive.io/promotion";
    /** Legacy (format 1) shards per application and environment, read but no longer written. */
    public static final String KIND_LEDGER = "ledger";
    /** Chunks of an application's log (format 2). */
    public static final String KIND_LOG = "ledger-log";
    /** The first position a log chunk holds. */
    public static final String FIRST_POSITION_ANNOTATION = "routetolive.io/first-position";
    /** Set on a full log chunk: the last position it holds; nothing is appended to it any more. */
    public static final String SEALED_THROUGH_ANNOTATION = "routetolive.io/sealed-through";
    public static final String KIND_LOCK = "environment-lock";

    private ResourceNames() {
    }

    /**
     * Checks a controller identity: 1–63 characters of lower-case letters, digits and '-' (it is stored in records
     * and names Lease objects), so it reads the same in every object.
     */
    public static String controllerIdentity(String controller) {
        if (controller == null || !controller.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("A controller identity must be 1-63 lower-case letters, digits or '-',"
                    + " starting and ending with a letter or digit, but was '" + controller + "'.");
        }
        return controller;
    }

    /** ConfigMap holding chunk {@code chunk} of the log of one application (format 2). */
    public static String logChunk(String application, int chunk) {
        CRC32C crc = new CRC32C();
        crc.update(application.getBytes(StandardCharsets.UTF_8));
        return "rtl-log-" + dnsPart(application) + "-" + String.format("%08x", crc.getValue()) + "-" + chunk;
    }

    /** Labels of a chunk of an application's log. */
    public static Map<String, String> logLabels(String application, int chunk) {
        Map<String, String> labels = new HashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(KIND_LABEL, KIND_LOG);
        labels.put(APPLICATION_LABEL, labelValue(application));
        labels.put(CHUNK_LABEL, String.valueOf(chunk));
        return labels;
    }

    /** A shard of the earlier layout (records of one application in one environment): read, never written any more. */
    public static String shard(String application, String environment, int chunk) {
        return "rtl-ledger-" + base(application, environment) + "-" + chunk;
    }

    /** Lease guarding one single-version environment of one application. */
    public static String lease(String application, String environment) {
        return "rtl-lock-" + base(application, environment);
    }

    private static String base(String application, String environment) {
        CRC32C crc = new CRC32C();
        crc.update((application + '\u0000' + environment).getBytes(StandardCharsets.UTF_8));
        return dnsPart(application) + "-" + dnsPart(environment.isEmpty() ? "none" : environment) + "-"
                + String.format("%08x", crc.getValue());
    }

    private static String dnsPart(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        lower = lower.length() > 50 ? lower.substring(0, 50).replaceAll("-+$", "") : lower;
        return lower.isEmpty() ? "x" : lower;
    }

    /** A label value: at most 63 characters from [A-Za-z0-9_.-], starting and ending alphanumeric. */
    public static String labelValue(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9_.-]", "-");
        cleaned = cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
        return cleaned.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    /** Labels for an object about one application in one environment. */
    public static Map<String, String> labels(String kind, String application, String environment) {
        Map<String, String> labels = new HashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(KIND_LABEL, kind);
        labels.put(APPLICATION_LABEL, labelValue(application));
        labels.put(ENVIRONMENT_LABEL, labelValue(environment));
        return labels;
    }

    public static Map<String, String> annotations(String application, String environment) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(APPLICATION_ANNOTATION, application);
        annotations.put(ENVIRONMENT_ANNOTATION, environment);
        return annotations;
    }
}
