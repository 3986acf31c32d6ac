package io.jenkins.plugins.routetolive;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import java.util.Objects;
import jenkins.model.Jenkins;

/** The "Route to Live" permission group. Administrators hold these permissions implicitly. */
public final class RouteToLivePermissions {

    public static final PermissionGroup GROUP = new PermissionGroup("RouteToLive", RouteToLivePermissions.class,
            Messages._PermissionGroup_Title());

    public static final Permission APPROVE = new Permission(GROUP, "Approve", Messages._Permission_Approve(),
            Jenkins.ADMINISTER, PermissionScope.ITEM);

    public static final Permission OVERRIDE = new Permission(GROUP, "Override", Messages._Permission_Override(),
            Jenkins.ADMINISTER, PermissionScope.ITEM);

    public static final Permission ROLLBACK = new Permission(GROUP, "Rollback", Messages._Permission_Rollback(),
            Jenkins.ADMINISTER, PermissionScope.ITEM);

    private RouteToLivePermissions() {
    }

    /**
     * Registers the group and its permissions before the system configuration is loaded: configuration as
     * code and a saved {@code config.xml} name them in the authorization strategy ("RouteToLive/Approve"),
     * and a permission not yet registered then fails Jenkins' start. Referring to the fields makes the class
     * initialize them here, whatever the compiler does with an empty method.
     */
    @Initializer(after = InitMilestone.PLUGINS_STARTED, before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void register() {
        Objects.hash(GROUP, APPROVE, OVERRIDE, ROLLBACK);
    }
}
