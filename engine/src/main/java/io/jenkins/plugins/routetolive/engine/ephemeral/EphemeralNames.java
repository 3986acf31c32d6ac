package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.kubernetes.EphemeralEnvironments;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesNames;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names an ephemeral environment gets: its namespace, the labels and annotations on it, and URLs written with
 * {@code {namespace}}. Labels hold {@link KubernetesNames#labelValue label values} of application, job and branch
 * (shortened with a hash where the name is no valid label value); annotations of the same keys hold the names as they are.
 */
public final class EphemeralNames {

    /** Label {@code true} on every namespace of an ephemeral environment. */
    public static final String EPHEMERAL = EphemeralEnvironments.EPHEMERAL_LABEL;
    /** Label (as a label value) and annotation (exact) naming the application, the job and the branch. */
    public static final String APPLICATION_KEY = "routetolive.io/application";
    public static final String JOB_KEY = "routetolive.io/job";
    public static final String BRANCH_KEY = EphemeralEnvironments.BRANCH_ANNOTATION;
    /** Annotation: when the time to live ends (ISO-8601), as of the last deployment. */
    public static final String EXPIRES_AT = EphemeralEnvironments.EXPIRES_ANNOTATION;
    /** Annotation: what the environment was copied from. */
    public static final String TEMPLATE = "routetolive.io/template";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** The placeholders a URL pattern may use. */
    public static final String NAMESPACE = "{namespace}";
    public static final String APPLICATION = "{application}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    private EphemeralNames() {
    }

    /**
     * {@code <application>-<branch>} as a DNS-1123 label: lower-cased, every run of characters other than letters and
     * digits turned into '-', at most 63 characters. When it had to be shortened (or the branch has no letter or digit)
     * its end is a hash of application and branch, so two long names with a common beginning never get one namespace.
     */
    public static String namespaceFor(String application, String branch) {
        String app = KubernetesNames.slug(application);
        String slug = KubernetesNames.slug(branch);
        return KubernetesNames.label(slug.isEmpty() ? app : app + "-" + slug, application + '\n' + branch, slug.isEmpty());
    }

    /**
     * The namespaces an owner may take, in order: {@link #namespaceFor}, then the same with a hash of application, job
     * and branch, for when the first belongs to someone else (another job with a branch of that name, or a namespace
     * Route to Live did not make).
     */
    public static List<String> candidates(EphemeralOwner owner) {
        String readable = namespaceFor(owner.application(), owner.branch());
        String own = KubernetesNames.label(readable, owner.application() + '\n' + owner.job() + '\n' + owner.branch(), true);
        return List.of(readable, own);
    }

    /**
     * Refuses a URL pattern with placeholders other than {@value #NAMESPACE} and {@value #APPLICATION}, or one that is
     * not an http(s) URL once they are filled in. "" is allowed (no URL).
     */
    public static String requireUrlPattern(String field, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            if (!m.group().equals(NAMESPACE) && !m.group().equals(APPLICATION)) {
                throw new IllegalArgumentException(field + " may use " + NAMESPACE + " and " + APPLICATION + ", but '" + pattern
                        + "' has " + m.group());
            }
        }
        try {
            HttpProbe.requireHttp(URI.create(fill(pattern, "namespace", "application")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be an http(s) URL, but was '" + pattern + "'", e);
        }
        return pattern.strip();
    }

    /** The pattern with {@value #NAMESPACE} and {@value #APPLICATION} filled in. */
    public static String fill(String pattern, String namespace, String application) {
        return pattern.replace(NAMESPACE, namespace).replace(APPLICATION, application);
    }
}
