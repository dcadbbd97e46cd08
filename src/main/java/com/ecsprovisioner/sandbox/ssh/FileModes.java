package com.ecsprovisioner.sandbox.ssh;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Octal and symbolic ({@code u+x,go-w}) chmod modes. */
final class FileModes {
    private FileModes() {
    }

    /** The permissions after applying the mode, or null if the mode is not valid. */
    static Set<PosixFilePermission> apply(String mode, Set<PosixFilePermission> current) {
        if (mode.matches("0?[0-7]{3}")) {
            String digits = mode.substring(mode.length() - 3);
            Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ..OTHERS_EXECUTE
            for (int who = 0; who < 3; who++) {
                int bits = digits.charAt(who) - '0';
                for (int bit = 0; bit < 3; bit++) {
                    if ((bits & (4 >> bit)) != 0) {
                        result.add(order[who * 3 + bit]);
                    }
                }
            }
            return result;
        }
        Set<PosixFilePermission> result = current.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class)
                : EnumSet.copyOf(current);
        for (String clause : mode.split(",")) {
            if (!clause.matches("[ugoa]*[+=-][rwx]*")) {
                return null;
            }
            int op = 0;
            while ("+=-".indexOf(clause.charAt(op)) < 0) {
                op++; // the pattern above guarantees an operator
            }
            String who = clause.substring(0, op);
            char operator = clause.charAt(op);
            String what = clause.substring(op + 1);
            if (who.isEmpty() || who.contains("a")) {
                who = "ugo";
            }
            PosixFilePermission[] order = PosixFilePermission.values();
            for (char w : who.toCharArray()) {
                int base = w == 'u' ? 0 : w == 'g' ? 3 : 6;
                if (operator == '=') {
                    for (int bit = 0; bit < 3; bit++) {
                        result.remove(order[base + bit]);
                    }
                }
                for (char p : what.toCharArray()) {
                    PosixFilePermission permission = order[base + "rwx".indexOf(p)];
                    if (operator == '-') {
                        result.remove(permission);
                    } else {
                        result.add(permission);
                    }
                }
            }
        }
        return result;
    }
}
