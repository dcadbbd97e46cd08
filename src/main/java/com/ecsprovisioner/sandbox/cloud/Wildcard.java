package com.ecsprovisioner.sandbox.cloud;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Name filters with {@code *} wildcards, as DescribeInstances, DescribeImages and DescribeKeyPairs accept them. */
final class Wildcard {

    private Wildcard() {
    }

    static Predicate<String> predicate(String pattern) {
        if (pattern == null) {
            return s -> true;
        }
        if (!pattern.contains("*")) {
            return pattern::equals;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        Pattern p = Pattern.compile(regex.toString());
        return s -> s != null && p.matcher(s).matches();
    }
}
