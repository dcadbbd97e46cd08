package com.ecsprovisioner.web;

import com.ecsprovisioner.security.Accounts;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

/**
 * Ends a session whose user was deleted, changed role or password, or logged out elsewhere. Each session carries the
 * user's session generation from the moment it logged in ({@link #EPOCH}); the database holds the current one, so
 * that the check holds on every node. Runs on every request of a logged-in user, before any page.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class SessionGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The session attribute holding the user id and generation the session logged in with. */
    public static final String EPOCH = "ecs.session-epoch";

    @Inject
    transient Accounts accounts;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Principal user = request.getUserPrincipal();
        // Static resources (style sheets, scripts) hold no data: no database look-up for each of them.
        boolean resource = request.getRequestURI().startsWith(request.getContextPath() + "/jakarta.faces.resource/");
        if (user != null && !resource && !isCurrent(request, user.getName())) {
            request.logout();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            Redirects.toLogin(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isCurrent(HttpServletRequest request, String username) {
        HttpSession session = request.getSession(false);
        Object carried = session == null ? null : session.getAttribute(EPOCH);
        Optional<Accounts.Standing> standing = accounts.standing(username);
        return standing.isPresent() && standing.get().token().equals(carried)
                && request.isUserInRole(standing.get().role().roleName());
    }
}
