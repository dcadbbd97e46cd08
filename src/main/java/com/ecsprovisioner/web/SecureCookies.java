package com.ecsprovisioner.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The session cookie is {@code Secure} when the operator says the console is public over HTTPS: behind a proxy
 * that ends TLS the connection to Payara is plain HTTP, so Payara cannot tell by itself. Over Payara's own HTTPS
 * listener the cookie of a secure request is marked Secure by Payara already.
 */
@WebListener
public class SecureCookies implements ServletContextListener {

    @Inject
    WebSettings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (settings.publicHttps()) {
            event.getServletContext().getSessionCookieConfig().setSecure(true);
        }
    }
}
