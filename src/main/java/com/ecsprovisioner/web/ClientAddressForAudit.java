package com.ecsprovisioner.web;

import com.ecsprovisioner.audit.ConsoleClient;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Tells the audit trail which client a console request came from (the address {@link WebSettings} reads, behind
 * trusted proxies), so that a change a boundary records says where it was made without the boundary knowing HTTP.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class ClientAddressForAudit extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient WebSettings settings;

    @Inject
    transient ConsoleClient client;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        client.arrivedFrom(settings.clientAddress(request));
        chain.doFilter(request, response);
    }
}
