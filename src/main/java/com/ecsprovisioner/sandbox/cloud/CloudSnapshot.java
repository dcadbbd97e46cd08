package com.ecsprovisioner.sandbox.cloud;

import java.util.List;
import java.util.Map;

/**
 * What an admin page shows: every resource per account and region, as plain data (no live objects).
 */
public record CloudSnapshot(String takenAt, List<Account> accounts) {

    public record Account(String accountId, List<String> accessKeyIds, List<Region> regions) {
    }

    public record Region(String regionId, List<Resource> resources) {
    }

    /** One resource; {@code details} holds its other attributes as text (CIDR, IPs, type, parent ids...). */
    public record Resource(String type, String id, String name, String status, Map<String, String> details) {
    }
}
