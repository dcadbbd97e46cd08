package com.ecsprovisioner.backup;

/** Which policy a server's backups follow: its profile's, its own (an exception), or none (an exception too). */
public enum BackupMode {
    PROFILE("The profile's policy"),
    OWN("Its own policy"),
    NONE("No backups");

    private final String label;

    BackupMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A mode as a command writes it: "profile", "own" or "none". */
    public static BackupMode parse(String text) {
        for (BackupMode m : values()) {
            if (m.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return m;
            }
        }
        throw new com.ecsprovisioner.platform.Rejected("\"" + text + "\" is not a backup mode: write profile, own or none");
    }
}
