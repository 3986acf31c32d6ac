package io.jenkins.plugins.routetolive;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
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

    /** Loads this class at startup, which registers the group, so authorization strategies list it. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void register() {
        // nothing else to do: the static fields above register themselves
    }
}
