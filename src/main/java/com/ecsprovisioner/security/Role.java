package com.ecsprovisioner.security;

import java.util.Locale;

/** The two console roles. Their names are the group and role names used by Jakarta Security and {@code @RolesAllowed}. */
public enum Role {
    ADMIN, VIEWER;

    public static final String ADMIN_NAME = "admin";
    public static final String VIEWER_NAME = "viewer";

    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromName(String name) {
        for (Role role : values()) {
            if (role.roleName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + name + "': use admin or viewer");
    }
}
