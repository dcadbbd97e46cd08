package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sandbox's access keys, generated per installation instead of the fixed keys of {@link SandboxConfig#defaultAccounts()}
 * (which are published in the repository, so that any local process could drive a sandbox that uses them). Kept in
 * {@code <data folder>/sandbox/access-keys} (owner-only, one {@code ecs.sandbox.accounts} entry per line) so that
 * the profiles saved with them keep working after a restart; a sandbox without a data folder gets new ones at every
 * start. Same three shapes as the defaults: full access, ECS only, read-only, all in one account.
 */
public final class SandboxKeys {

    public static final String FILE = "sandbox/access-keys";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SandboxKeys() {
    }

    /** The keys of the installation whose data folder this is, generated on the first call. */
    public static List<AccessKey> forInstallation(Path dataFolder) {
        Path file = dataFolder.resolve(FILE);
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                // Written aside and moved into place: a reader never sees half a file, and when two processes
                // generate at once (a test client and the application) the first one's keys stay.
                Path next = Files.createTempFile(file.getParent(), "access-keys", ".new",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(next, generated().stream().map(SandboxKeys::entry).collect(Collectors.joining("\n", "", "\n")));
                try {
                    Files.createLink(file, next);
                } catch (java.nio.file.FileAlreadyExistsException first) {
                    // kept: the other process's keys
                } finally {
                    Files.delete(next);
                }
            }
            List<AccessKey> stored = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    stored.add(SandboxConfig.parseAccount(line.trim()));
                }
            }
            List<AccessKey> keys = stored.stream().map(SandboxKeys::withPoliciesAddedSince).toList();
            if (!keys.equals(stored)) {
                Path next = Files.createTempFile(file.getParent(), "access-keys", ".new",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(next, keys.stream().map(SandboxKeys::entry).collect(Collectors.joining("\n", "", "\n")));
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox's access keys cannot be kept in " + file, e);
        }
    }

    /**
     * Policies the default shapes gained after installations had already stored their keys:
     * AliyunQuotasReadOnlyAccess came with Quota Center's ListProductQuotas. A stored key of a default shape (by its
     * user name) that lacks one gets it, and the file is rewritten, so that an installation's full-access and
     * read-only keys read quotas as new ones do. Only these are added: nothing a stored key holds is taken away.
     */
    private static final Set<Policy> ADDED_SINCE = Set.of(Policy.QUOTAS_READ_ONLY);

    static AccessKey withPoliciesAddedSince(AccessKey key) {
        for (AccessKey shape : SandboxConfig.defaultAccounts()) {
            if (shape.userName().equals(key.userName())) {
                Set<Policy> policies = new HashSet<>(key.policies());
                shape.policies().stream().filter(ADDED_SINCE::contains).forEach(policies::add);
                if (!policies.equals(key.policies())) {
                    return new AccessKey(key.id(), key.secret(), key.accountId(), key.userName(), policies, key.actions());
                }
            }
        }
        return key;
    }

    /** Fresh keys with the shapes of the defaults and random ids, secrets and account. */
    public static List<AccessKey> generated() {
        String account = digits(16);
        List<AccessKey> keys = new ArrayList<>();
        for (AccessKey shape : SandboxConfig.defaultAccounts()) {
            keys.add(new AccessKey("LTAI5t" + random(18), random(30), account, shape.userName(), shape.policies(),
                    shape.actions()));
        }
        return keys;
    }

    /** The {@code ecs.sandbox.accounts} spelling of one key. */
    static String entry(AccessKey key) {
        return key.id() + ":" + key.secret() + ":" + key.accountId() + ":" + key.userName() + ":"
                + java.util.stream.Stream.concat(key.policies().stream().map(p -> p.ramName()).sorted(),
                        key.actions().stream().sorted()).collect(Collectors.joining("+"));
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String digits(int length) {
        StringBuilder out = new StringBuilder().append(1 + RANDOM.nextInt(9));
        while (out.length() < length) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
