package io.jenkins.plugins.routetolive.engine.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and label values made from free text (application, job and branch names), which Kubernetes restricts:
 * readable where the text allows, and with a short hash of the text where it had to be changed or shortened,
 * so that two different texts do not end up with the same name.
 */
public final class KubernetesNames {

    /** The most characters of a DNS-1123 label (a namespace name) and of a label value. */
    public static final int MAX = 63;
    private static final int HASH = 8;

    private KubernetesNames() {
    }

    /** Lower-cased, every run of characters other than letters and digits turned into '-', trimmed of '-'. */
    public static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** The first 8 hex characters of the SHA-256 of the text. */
    public static String shortHash(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, HASH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A DNS-1123 label from a readable slug: the slug itself when it fits in 63 characters and no hash is asked
     * for, otherwise its beginning, '-' and the {@link #shortHash} of {@code hashed}.
     */
    public static String label(String slug, String hashed, boolean withHash) {
        if (!withHash && !slug.isEmpty() && slug.length() <= MAX) {
            return slug;
        }
        String head = slug.substring(0, Math.min(slug.length(), MAX - HASH - 1)).replaceAll("-+$", "");
        return head.isEmpty() ? shortHash(hashed) : head + "-" + shortHash(hashed);
    }

    /**
     * A valid label value (at most 63 of {@code [A-Za-z0-9_.-]}, starting and ending alphanumeric) for any text:
     * the text itself when it is one, otherwise the text cleaned and shortened, '-' and its {@link #shortHash}. Two
     * different texts get different values (but for a hash collision), so an equality selector finds exactly one.
     */
    public static String labelValue(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        if (cleaned.equals(text) && !text.isEmpty() && text.length() <= MAX) {
            return text;
        }
        String head = cleaned.substring(0, Math.min(cleaned.length(), MAX - HASH - 1)).replaceAll("[^A-Za-z0-9]+$", "");
        return head.isEmpty() ? shortHash(text) : head + "-" + shortHash(text);
    }
}
