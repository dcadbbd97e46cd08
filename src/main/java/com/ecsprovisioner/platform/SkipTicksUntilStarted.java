package com.ecsprovisioner.platform;

import jakarta.inject.Inject;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.InvocationContext;

/**
 * The timers' guard against the start: the container starts their schedules while the deployment still runs, before
 * the schema is current or the broker runs ({@link StartupWork}), so a tick before then is skipped (the next one
 * looks again; the database says what is due, not the tick). Put on a timer bean with {@code @Interceptors}; only its
 * timeouts are guarded, not its other methods.
 */
public class SkipTicksUntilStarted {

    @Inject
    StartupWork startup;

    @AroundTimeout
    Object tick(InvocationContext timeout) throws Exception {
        return startup.isDone() ? timeout.proceed() : null;
    }
}
