package com.ecsprovisioner.sandbox.api;

/**
 * What can go wrong with one action, as probabilities per call (0 to 1) plus a fixed added latency.
 *
 * @param throttle      answer 400 {@code Throttling.User}
 * @param serverError   answer 503 {@code ServiceUnavailable} (the SDK's retry policy retries these)
 * @param drop          close the connection without answering
 * @param latencyMillis added before the call is handled (on a timer, no thread waits for it)
 */
public record FaultRule(double throttle, double serverError, double drop, long latencyMillis) {

    public static final FaultRule NONE = new FaultRule(0, 0, 0, 0);

    public FaultRule {
        for (double p : new double[]{throttle, serverError, drop}) {
            if (p < 0 || p > 1 || Double.isNaN(p)) {
                throw new IllegalArgumentException("Fault probabilities must be between 0 and 1");
            }
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("Fault latency must be zero or positive");
        }
    }

    public boolean active() {
        return throttle > 0 || serverError > 0 || drop > 0 || latencyMillis > 0;
    }

    /** Parses "throttle=0.1,error=0.05,drop=0.01,latency=200". */
    public static FaultRule parse(String text) {
        double throttle = 0;
        double error = 0;
        double drop = 0;
        long latency = 0;
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
                    case "latency" -> latency = Long.parseLong(kv[1].trim());
                    default -> throw new IllegalArgumentException("Unknown fault '" + kv[0].trim()
                            + "': expected throttle, error, drop or latency");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad number in fault rule part '" + p + "'");
            }
        }
        return new FaultRule(throttle, error, drop, latency);
    }
}
