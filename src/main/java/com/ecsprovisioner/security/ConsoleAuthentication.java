package com.ecsprovisioner.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Form login through a Faces page (so that the page can say why a login failed: wrong password, or locked until
 * when), redirecting rather than forwarding so that the browser's address is always the page it shows.
 */
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/login.xhtml", useForwardToLogin = false, errorPage = ""))
@DeclareRoles({Role.ADMIN_NAME, Role.VIEWER_NAME})
@ApplicationScoped
public class ConsoleAuthentication {
}
