package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesNames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EphemeralNamesTest {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    @Test
    void namespaceIsApplicationAndBranchAsADnsLabel() {
        assertThat(EphemeralNames.namespaceFor("shop", "feature/JIRA-123_Login")).isEqualTo("shop-feature-jira-123-login");
        assertThat(EphemeralNames.namespaceFor("shop", "PR-12")).isEqualTo("shop-pr-12");
        assertThat(EphemeralNames.namespaceFor("billing.api_v2", "main")).isEqualTo("billing-api-v2-main");
    }

    @Test
    void longNamesAreShortenedWithAHashSoTwoLongNamesNeverShareANamespace() {
        String branch = "feature/" + "a-very-long-branch-name-".repeat(4);
        String app = "an-application-with-a-name-that-is-long";
        String one = EphemeralNames.namespaceFor(app, branch + "one");
        String two = EphemeralNames.namespaceFor(app, branch + "two");

        assertThat(one).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).startsWith("an-application-with-a-name")
                .matches(".*-[0-9a-f]{8}");
        assertThat(two).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).isNotEqualTo(one);
        assertThat(EphemeralNames.namespaceFor(app + "x", branch + "one")).isNotEqualTo(one);
        assertThat(EphemeralNames.namespaceFor("shop", "///")).matches("shop-[0-9a-f]{8}");
    }

    @Test
    void theSecondCandidateAlsoHashesTheJobSoTwoJobsWithOneBranchNameDiffer() {
        List<String> a = EphemeralNames.candidates(new EphemeralOwner("shop", "shop/main", "main"));
        List<String> b = EphemeralNames.candidates(new EphemeralOwner("shop", "shop-fork/main", "main"));

        assertThat(a.get(0)).isEqualTo("shop-main").isEqualTo(b.get(0));
        assertThat(a.get(1)).matches("shop-main-[0-9a-f]{8}").isNotEqualTo(b.get(1));
    }

    @Test
    void labelValuesKeepValidNamesAndHashTheOthers() {
        assertThat(KubernetesNames.labelValue("shop")).isEqualTo("shop");
        assertThat(KubernetesNames.labelValue("PR-12")).isEqualTo("PR-12");
        String job = KubernetesNames.labelValue("shop/feature%2Flogin");
        assertThat(job).matches(LABEL_VALUE).matches("shop-feature-2Flogin-[0-9a-f]{8}");
        assertThat(KubernetesNames.labelValue("shop/feature-2Flogin")).isNotEqualTo(job);
        String longName = KubernetesNames.labelValue("folder/" + "x".repeat(80));
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
        assertThat(KubernetesNames.labelValue("_/_")).matches("[0-9a-f]{8}");
    }

    @Test
    void urlPatternsMayUseNamespaceAndApplicationOnly() {
        assertThat(EphemeralNames.fill("https://{namespace}.preview.example.com/{application}/health", "shop-pr-12", "shop"))
                .isEqualTo("https://shop-pr-12.preview.example.com/shop/health");
        assertThatThrownBy(() -> EphemeralNames.requireUrlPattern("healthUrl", "https://{branch}.example.com"))
                .hasMessage("healthUrl may use {namespace} and {application}, but 'https://{branch}.example.com' has {branch}");
        assertThatThrownBy(() -> EphemeralNames.requireUrlPattern("urlPattern", "file:///{namespace}"))
                .hasMessageStartingWith("urlPattern must be an http(s) URL, but was 'file:///{namespace}'");
        assertThat(EphemeralNames.requireUrlPattern("healthUrl", "")).isEmpty();
    }
}
