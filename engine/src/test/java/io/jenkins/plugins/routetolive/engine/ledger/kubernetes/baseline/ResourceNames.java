/*
 * Baseline for KubernetesLedgerBench only. A copy of
 *   engine/src/main/java/io/jenkins/plugins/routetolive/engine/ledger/kubernetes/internal/ResourceNames.java
 * as of commit 26735a7: the implementation that re-lists every ledger ConfigMap on each query and append and
 * takes sequence numbers from a shared counter ConfigMap. Kept so the benchmark still compares against it after
 * KubernetesLedger is rewritten. Changed: package, class names, visibility; nothing else. Do not use it elsewhere
 * and do not improve it: it is the yardstick.
 */
package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/** Names and labels of the Kubernetes objects the shared ledger and its locks use. */
final class ResourceNames {

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
    public static final String KIND_LEDGER = "ledger";
    public static final String KIND_SEQUENCE = "ledger-sequence";
    public static final String KIND_LOCK = "environment-lock";
    public static final String SEQUENCE_NAME = "rtl-ledger-sequence";

    private ResourceNames() {
    }

    /** ConfigMap holding chunk {@code chunk} of the records of one application in one environment. */
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
