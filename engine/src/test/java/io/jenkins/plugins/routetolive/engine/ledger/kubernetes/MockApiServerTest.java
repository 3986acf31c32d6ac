package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's request counts are only as good as this classification of request lines. */
class MockApiServerTest {

    @Test
    void tellsListsFromGetsAndWatchesByPathAndQuery() {
        assertThat(MockApiServer.classify("GET", "/api/v1/namespaces/ci/configmaps?labelSelector=a%3Db"))
                .isEqualTo("configmaps LIST");
        assertThat(MockApiServer.classify("GET", "/api/v1/namespaces/ci/configmaps/rtl-ledger-shop-0")).isEqualTo("configmaps GET");
        assertThat(MockApiServer.classify("GET", "/api/v1/namespaces/ci/configmaps?resourceVersion=12&allowWatchBookmarks=true&watch=true"))
                .isEqualTo("configmaps WATCH");
        assertThat(MockApiServer.classify("GET", "/api/v1/namespaces/ci/configmaps?watch=false")).isEqualTo("configmaps LIST");
    }

    @Test
    void namesTheKindOfGroupedAndClusterScopedResources() {
        assertThat(MockApiServer.classify("PUT", "/apis/coordination.k8s.io/v1/namespaces/ci/leases/rtl-lock-shop"))
                .isEqualTo("leases PUT");
        assertThat(MockApiServer.classify("POST", "/api/v1/namespaces/ci/configmaps")).isEqualTo("configmaps POST");
        assertThat(MockApiServer.classify("GET", "/api/v1/namespaces/ci")).isEqualTo("namespaces GET");
        assertThat(MockApiServer.classify("GET", "/api/v1/namespaces")).isEqualTo("namespaces LIST");
        assertThat(MockApiServer.classify("GET", "/version")).isEqualTo("(other) GET");
    }
}
