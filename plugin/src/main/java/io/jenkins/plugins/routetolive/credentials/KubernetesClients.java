package io.jenkins.plugins.routetolive.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.AbortException;
import hudson.model.ItemGroup;
import hudson.model.Run;
import hudson.security.ACL;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Builds a Kubernetes client for an environment from the credentials plugin: a secret file holding a
 * kubeconfig, or a secret text holding a bearer token (then the environment's server URL is required).
 * Use is tracked on the build; the secret never reaches a message or the log.
 */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    public static KubernetesClient forEnvironment(EnvironmentConfig env, String namespace, Run<?, ?> run)
            throws IOException {
        String id = credentialsId(env);
        FileCredentials file = CredentialsProvider.findCredentialById(id, FileCredentials.class, run);
        if (file != null) {
            CredentialsProvider.track(run, file);
            return fromKubeconfig(env, id, file, namespace);
        }
        StringCredentials token = CredentialsProvider.findCredentialById(id, StringCredentials.class, run);
        if (token != null) {
            requireServerUrl(env, id);
            CredentialsProvider.track(run, token);
            return fromToken(env, token, namespace);
        }
        throw missing(env, id, run.getParent().getFullName());
    }

    /**
     * For work no build does, such as tearing down ephemeral environments: the credential as the folder (or Jenkins)
     * sees it, looked up as the system.
     */
    public static KubernetesClient forEnvironment(EnvironmentConfig env, String namespace, ItemGroup<?> context)
            throws IOException {
        String id = credentialsId(env);
        FileCredentials file = find(FileCredentials.class, id, context);
        if (file != null) {
            return fromKubeconfig(env, id, file, namespace);
        }
        StringCredentials token = find(StringCredentials.class, id, context);
        if (token != null) {
            requireServerUrl(env, id);
            return fromToken(env, token, namespace);
        }
        throw missing(env, id, context instanceof Jenkins ? "Jenkins" : context.getFullName());
    }

    private static <C extends IdCredentials> C find(Class<C> type, String id, ItemGroup<?> context) {
        return CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(type, context, ACL.SYSTEM2,
                List.of()), CredentialsMatchers.withId(id));
    }

    private static String credentialsId(EnvironmentConfig env) throws AbortException {
        String id = env.getKubernetesCredentialsId();
        if (id.isEmpty()) {
            throw new AbortException("Environment " + env.getName() + " has no Kubernetes credentials id: an "
                    + "administrator must set one (a secret file with a kubeconfig, or a secret text with a token) "
                    + "under Manage Jenkins → System → Route to Live.");
        }
        return id;
    }

    private static void requireServerUrl(EnvironmentConfig env, String id) throws AbortException {
        if (env.getKubernetesServerUrl().isEmpty()) {
            throw new AbortException("Environment " + env.getName() + " uses the token credential '" + id
                    + "' but has no Kubernetes API server URL: an administrator must set the server URL.");
        }
    }

    private static AbortException missing(EnvironmentConfig env, String id, String visibleTo) {
        return new AbortException("No secret file or secret text credential with id '" + id + "' is available to "
                + visibleTo + " for environment " + env.getName() + ": create it, or make it visible to this job's folder.");
    }

    private static KubernetesClient fromKubeconfig(EnvironmentConfig env, String id, FileCredentials file, String namespace)
            throws IOException {
        String kubeconfig;
        try (InputStream in = file.getContent()) {
            kubeconfig = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Config config;
        try {
            config = Config.fromKubeconfig(kubeconfig);
        } catch (RuntimeException e) {
            // the parser's message may quote the offending line of the kubeconfig, which can hold a token
            throw new AbortException("The secret file credential '" + id + "' of environment " + env.getName()
                    + " is not a readable kubeconfig (" + e.getClass().getSimpleName() + "): an administrator must "
                    + "replace it with a valid kubeconfig.");
        }
        if (!env.getKubernetesServerUrl().isEmpty()) {
            config.setMasterUrl(env.getKubernetesServerUrl());
        }
        config.setNamespace(namespace);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static KubernetesClient fromToken(EnvironmentConfig env, StringCredentials token, String namespace) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(env.getKubernetesServerUrl())
                .withOauthToken(token.getSecret().getPlainText())
                .withNamespace(namespace)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
