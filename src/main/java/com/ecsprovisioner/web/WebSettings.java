package com.ecsprovisioner.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.Config;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the console is reached: the proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * ({@code ecs.http.trusted-proxies}, addresses separated by commas; none by default, so that no client can claim
 * another address) and whether the public address is HTTPS ({@code ecs.http.public-url}).
 */
@ApplicationScoped
public class WebSettings {

    public static final String TRUSTED_PROXIES = "ecs.http.trusted-proxies";
    public static final String PUBLIC_URL = "ecs.http.public-url";

    @Inject
    Config config;

    public Set<String> trustedProxies() {
        return parseProxies(config.getOptionalValue(TRUSTED_PROXIES, String.class).orElse(""));
    }

    /** The address of the client behind the request, as {@link ClientAddress} reads it with the trusted proxies. */
    public String clientAddress(HttpServletRequest request) {
        return ClientAddress.of(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")),
                trustedProxies());
    }

    /** True when the operator said the console is served over HTTPS (by Payara or by a proxy in front). */
    public boolean publicHttps() {
        return config.getOptionalValue(PUBLIC_URL, String.class).orElse("").trim().toLowerCase().startsWith("https://");
    }

    static Set<String> parseProxies(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
