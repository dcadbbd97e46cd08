package com.ecsprovisioner.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Sending the browser to the login page, from outside Faces, for a full page or a PrimeFaces ajax request. */
final class Redirects {

    private Redirects() {
    }

    static void toLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String login = request.getContextPath() + "/login.xhtml";
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            // An ajax request follows a redirect inside the XML answer, not an HTTP one.
            response.setContentType("text/xml");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + login + "\"/></partial-response>");
            return;
        }
        // A path, not an absolute URL: the browser resolves it against the address it used, and nothing of the
        // request's Host header is echoed back.
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", login);
    }
}
