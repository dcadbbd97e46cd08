package com.ecsprovisioner.sandbox.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What can go wrong with one action, as probabilities per call (0 to 1) plus a fixed added latency.
 *
 * @param throttle      answer 400 {@code Throttling.User}
 * @param serverError   answer 503 {@code ServiceUnavailable} (the SDK's retry policy retries these)
 * @param drop          close the connection without answering
 * @param latencyMillis added before the call is handled (on a timer, no thread waits for it)
 * @param answers       transient answers ({@link TransientAnswer}) sent instead of handling the call, each with its
 *                      probability, tried in their order
 * @param lost          handle the call, then close the connection without answering: the work is done but the
 *                      client never hears of it, as after a read time-out on the real cloud, which is what a
 *                      create's ClientToken is for
 */
public record FaultRule(double throttle, double serverError, double drop, long latencyMillis,
                        Map<TransientAnswer, Double> answers, double lost) {

    public static final FaultRule NONE = new FaultRule(0, 0, 0, 0);

    public FaultRule(double throttle, double serverError, double drop, long latencyMillis) {
        this(throttle, serverError, drop, latencyMillis, Map.of());
    }

    public FaultRule(double throttle, double serverError, double drop, long latencyMillis,
                     Map<TransientAnswer, Double> answers) {
        this(throttle, serverError, drop, latencyMillis, answers, 0);
    }

    public FaultRule {
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        for (double p : new double[]{throttle, serverError, drop, lost}) {
            checkProbability(p);
        }
        answers.values().forEach(FaultRule::checkProbability);
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("Fault latency must be zero or positive");
        }
    }

    private static void checkProbability(double p) {
        if (p < 0 || p > 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("Fault probabilities must be between 0 and 1");
        }
    }

    public boolean active() {
        return throttle > 0 || serverError > 0 || drop > 0 || lost > 0 || latencyMillis > 0 || !answers.isEmpty();
    }

    /**
     * Parses "throttle=0.1,error=0.05,drop=0.01,lost=0.1,latency=200", and transient answers by their error code, e.g.
     * "OperationConflict=0.3,LastTokenProcessing=0.1".
     */
    public static FaultRule parse(String text) {
        double throttle = 0;
        double error = 0;
        double drop = 0;
        double lost = 0;
        long latency = 0;
        Map<TransientAnswer, Double> answers = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] kv = p.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("Bad fault rule part '" + p + "': expected name=value");
            }
            try {
                switch (kv[0].trim()) {
                    case "throttle" -> throttle = Double.parseDouble(kv[1].trim());
                    case "error" -> error = Double.parseDouble(kv[1].trim());
                    case "drop" -> drop = Double.parseDouble(kv[1].trim());
                    case "lost" -> lost = Double.parseDouble(kv[1].trim());
                    case "latency" -> latency = Long.parseLong(kv[1].trim());
                    default -> answers.put(TransientAnswer.of(kv[0].trim()), Double.parseDouble(kv[1].trim()));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad number in fault rule part '" + p + "'");
            }
        }
        return new FaultRule(throttle, error, drop, latency, answers, lost);
    }
}
