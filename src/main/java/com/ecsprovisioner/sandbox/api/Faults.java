package com.ecsprovisioner.sandbox.api;

import java.util.Map;
import java.util.Random;

/**
 * Fault injection per action, reproducible: one seeded generator, drawn three times per call in arrival order,
 * so the same seed and the same sequence of calls give the same faults. Rules are looked up by action name, then
 * by "*" (every action).
 */
public final class Faults {

    /** {@link #LOST}: the call is handled, then its answer is never sent. */
    public enum Kind { NONE, THROTTLE, SERVER_ERROR, DROP, ANSWER, LOST }

    /** What happens to one call; {@code answer} is set for {@link Kind#ANSWER} only. */
    public record Decision(Kind kind, long latencyMillis, TransientAnswer answer) {
        public Decision(Kind kind, long latencyMillis) {
            this(kind, latencyMillis, null);
        }
    }

    private static final Decision CLEAN = new Decision(Kind.NONE, 0);

    private final Map<String, FaultRule> rules;
    private final Random random;

    public Faults(Map<String, FaultRule> rules, long seed) {
        this.rules = Map.copyOf(rules);
        this.random = new Random(seed);
    }

    public boolean enabled() {
        return rules.values().stream().anyMatch(FaultRule::active);
    }

    public Decision decide(String action) {
        FaultRule rule = rules.getOrDefault(action, rules.getOrDefault("*", FaultRule.NONE));
        if (!rule.active()) {
            return CLEAN;
        }
        double a;
        double b;
        double c;
        synchronized (random) {
            a = random.nextDouble();
            b = random.nextDouble();
            c = random.nextDouble();
        }
        Kind kind = a < rule.drop() ? Kind.DROP
                : b < rule.throttle() ? Kind.THROTTLE
                : c < rule.serverError() ? Kind.SERVER_ERROR : Kind.NONE;
        // Drawn after the three above, and only for rules with answers, so that seeds give the same faults as before.
        for (Map.Entry<TransientAnswer, Double> answer : rule.answers().entrySet()) {
            double d;
            synchronized (random) {
                d = random.nextDouble();
            }
            if (kind == Kind.NONE && d < answer.getValue()) {
                return new Decision(Kind.ANSWER, rule.latencyMillis(), answer.getKey());
            }
        }
        // Drawn last, and only for rules that lose answers, for the same reason.
        if (rule.lost() > 0) {
            double e;
            synchronized (random) {
                e = random.nextDouble();
            }
            if (kind == Kind.NONE && e < rule.lost()) {
                return new Decision(Kind.LOST, rule.latencyMillis());
            }
        }
        return new Decision(kind, rule.latencyMillis());
    }
}
