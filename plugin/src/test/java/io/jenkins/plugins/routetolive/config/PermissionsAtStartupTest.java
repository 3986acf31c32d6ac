package io.jenkins.plugins.routetolive.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.User;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.RealJenkinsExtension;

/**
 * A controller that starts with configuration as code granting our permissions by name: JCasC applies the
 * authorization strategy while Jenkins initializes, so the permissions must be registered before that.
 */
class PermissionsAtStartupTest {

    @RegisterExtension
    final RealJenkinsExtension jenkins = new RealJenkinsExtension().javaOptions("-Dcasc.jenkins.config="
            + Path.of("src/test/resources/io/jenkins/plugins/routetolive/config/permissions.yml").toAbsolutePath());

    @Test
    void bootsWithMatrixAuthorizationThatGrantsApproveOverrideAndRollback() throws Throwable {
        jenkins.then(PermissionsAtStartupTest::grantedAsConfigured);
    }

    private static void grantedAsConfigured(org.jvnet.hudson.test.JenkinsRule j) {
        assertTrue(Jenkins.get().getACL().hasPermission2(User.getById("rita", true).impersonate2(),
                RouteToLivePermissions.APPROVE));
        assertTrue(Jenkins.get().getACL().hasPermission2(User.getById("rhea", true).impersonate2(),
                RouteToLivePermissions.OVERRIDE));
        assertTrue(Jenkins.get().getACL().hasPermission2(User.getById("olga", true).impersonate2(),
                RouteToLivePermissions.ROLLBACK));
        assertFalse(Jenkins.get().getACL().hasPermission2(User.getById("dora", true).impersonate2(),
                RouteToLivePermissions.ROLLBACK));
    }
}
