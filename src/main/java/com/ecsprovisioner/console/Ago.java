package com.ecsprovisioner.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.Duration;
import java.time.Instant;

/** "3 min ago" for pages: how long ago something happened, in words a person reads at a glance. */
@Named("ago")
@ApplicationScoped
public class Ago {

    public String of(Instant then) {
        if (then == null) {
            return "never";
        }
        Duration age = Duration.between(then, Instant.now());
        if (age.toMinutes() < 1) {
            return "just now";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toDays() < 1) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " days ago";
    }
}
