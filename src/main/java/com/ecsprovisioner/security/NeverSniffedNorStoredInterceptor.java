package com.ecsprovisioner.security;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sets {@code X-Content-Type-Options: nosniff} and, except on the static Faces resources, {@code Cache-Control:
 * no-store} before the authentication mechanism runs, so that they are on every answer, the redirect to the login
 * page included: that redirect comes from {@link jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue}'s
 * interceptor before any servlet filter (the filter {@code web.SecurityHeaders} sets the rest). Its priority puts it
 * before that interceptor.
 */
@NeverSniffedNorStored
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class NeverSniffedNorStoredInterceptor {

    @AroundInvoke
    public Object markAnswer(InvocationContext invocation) throws Exception {
        if (invocation.getMethod().getName().equals("validateRequest")
                && invocation.getParameters().length >= 2
                && invocation.getParameters()[0] instanceof HttpServletRequest request
                && invocation.getParameters()[1] instanceof HttpServletResponse response) {
            response.setHeader("X-Content-Type-Options", "nosniff");
            if (!request.getRequestURI().startsWith(request.getContextPath() + "/jakarta.faces.resource/")) {
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("Pragma", "no-cache");
            }
        }
        return invocation.proceed();
    }
}
