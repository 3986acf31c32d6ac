package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One namespace per branch, for previews. Each is labelled {@code routetolive.io/ephemeral=true} (and
 * with its prefix), annotated with its branch and an expiry time, and deleted by {@link #reapExpired()}
 * once expired. Deploying into it is an ordinary promotion into a deploy environment of the route, so
 * the same route rules and gates apply. Calls are synchronous: run them off request threads.
 */
public final class EphemeralEnvironments {

    public static final String EPHEMERAL_LABEL = "routetolive.io/ephemeral";
    public static final String PREFIX_LABEL = "routetolive.io/ephemeral-prefix";
    public static final String BRANCH_ANNOTATION = "routetolive.io/branch";
    public static final String EXPIRES_ANNOTATION = "routetolive.io/expires-at";

    private final KubernetesClient client;
    private final String prefix;
    private final Clock clock;

    public EphemeralEnvironments(KubernetesClient client, String prefix, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.prefix = KubernetesTarget.requireLabel("ephemeral namespace prefix", prefix, 20);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A DNS-1123 label for the branch: {@code <prefix>-<branch>}, lower-cased, anything but letters and digits
     * turned into '-', at most 63 characters; when it had to be shortened, the end is a hash of the branch
     * so that long branches sharing a beginning still get different namespaces.
     */
    public static String namespaceFor(String prefix, String branch) {
        KubernetesTarget.requireLabel("ephemeral namespace prefix", prefix, 20);
        if (branch == null || branch.isBlank()) {
            throw new IllegalArgumentException("branch must not be empty, but was '" + branch + "'");
        }
        String slug = KubernetesNames.slug(branch);
        return KubernetesNames.label(slug.isEmpty() ? prefix : prefix + "-" + slug, branch, slug.isEmpty());
    }

    /** Creates the branch's namespace, or extends its expiry when it exists already. */
    public EphemeralEnvironment create(String branch, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ephemeral environment ttl must be positive, but was " + ttl);
        }
        String name = namespaceFor(prefix, branch);
        Instant expires = clock.instant().plus(ttl);
        Namespace existing = client.namespaces().withName(name).get();
        if (existing != null) {
            String owner = annotation(existing, BRANCH_ANNOTATION);
            if (!branch.equals(owner)) {
                throw new IllegalStateException("Namespace " + name + " for branch '" + branch + "' already exists"
                        + (owner == null ? " and is not an ephemeral environment" : " for branch '" + owner + "'")
                        + "; choose another prefix or delete it.");
            }
            client.namespaces().withName(name).edit(ns -> {
                ns.getMetadata().getAnnotations().put(EXPIRES_ANNOTATION, expires.toString());
                return ns;
            });
            return new EphemeralEnvironment(name, branch, expires);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(EPHEMERAL_LABEL, "true").addToLabels(PREFIX_LABEL, prefix)
                .addToAnnotations(BRANCH_ANNOTATION, branch).addToAnnotations(EXPIRES_ANNOTATION, expires.toString())
                .endMetadata().build()).create();
        return new EphemeralEnvironment(name, branch, expires);
    }

    /** Every ephemeral environment of this prefix. */
    public List<EphemeralEnvironment> list() {
        List<EphemeralEnvironment> found = new ArrayList<>();
        for (Namespace ns : client.namespaces().withLabel(EPHEMERAL_LABEL, "true").withLabel(PREFIX_LABEL, prefix).list().getItems()) {
            Instant expires = expiry(ns);
            String branch = annotation(ns, BRANCH_ANNOTATION);
            if (expires != null && branch != null) {
                found.add(new EphemeralEnvironment(ns.getMetadata().getName(), branch, expires));
            }
        }
        return found;
    }

    /**
     * Deletes every ephemeral namespace of this prefix whose expiry has passed and returns their names.
     * A namespace without a readable expiry is kept: the reaper deletes only what it can prove expired.
     */
    public List<String> reapExpired() {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        for (EphemeralEnvironment env : list()) {
            if (!env.expiresAt().isAfter(now)) {
                client.namespaces().withName(env.namespace()).delete();
                deleted.add(env.namespace());
            }
        }
        return deleted;
    }

    private static String annotation(Namespace ns, String key) {
        return ns.getMetadata().getAnnotations() == null ? null : ns.getMetadata().getAnnotations().get(key);
    }

    private static Instant expiry(Namespace ns) {
        String text = annotation(ns, EXPIRES_ANNOTATION);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
