package com.ecsprovisioner.sandbox.api;

import java.util.Map;

/**
 * An error answer of the emulated API: HTTP status, Alibaba error code and message, exactly as the real service
 * would send them. Thrown anywhere below the HTTP front and turned into the flat error body there.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final transient Map<String, Object> accessDeniedDetail;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiError(int status, String code, String message, Map<String, Object> accessDeniedDetail) {
        super(message, null, false, false); // no stack trace: these are answers, not failures of the sandbox
        this.status = status;
        this.code = code;
        this.accessDeniedDetail = accessDeniedDetail;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> accessDeniedDetail() {
        return accessDeniedDetail;
    }

    public static ApiError missing(String parameter) {
        return new ApiError(400, "MissingParameter",
                "The input parameter \"" + parameter + "\" that is mandatory for processing this request is not supplied.");
    }

    public static ApiError invalid(String parameter, String why) {
        return new ApiError(400, "InvalidParameter", "The specified parameter \"" + parameter + "\" is not valid: " + why);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }
}
