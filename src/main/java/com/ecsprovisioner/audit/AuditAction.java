package com.ecsprovisioner.audit;

/** What kind of change a record is about; the Audit page filters by it. Stored by name: never rename a constant. */
public enum AuditAction {
    PROFILE_CREATED("Profile created"),
    PROFILE_EDITED("Profile edited"),
    PROFILE_COPIED("Profile copied to a region"),
    PROFILE_DELETED("Profile deleted"),
    PROFILE_CACHE_CLEARED("Profile cache cleared"),
    USER_CREATED("User created"),
    USER_DELETED("User deleted"),
    USER_LOCKED("User locked out"),
    USER_UNLOCKED("User unlocked"),
    USER_ROLE_CHANGED("User role changed"),
    USER_PASSWORD_REPLACED("User password replaced"),
    HOST_KEY_ACCEPTED("New host key accepted"),
    CUSTOM_SERVER_REGISTERED("Custom server registered"),
    CUSTOM_SERVER_REMOVED("Custom server removed"),
    ORPHAN_DELETED("Orphaned resource deleted"),
    SANDBOX_RESET("Sandbox reset"),
    BACKUP_POLICY_CHANGED("Profile backup policy changed"),
    SERVER_BACKUP_POLICY_CHANGED("Server backup exception changed");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
