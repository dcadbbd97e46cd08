package com.ecsprovisioner.it.support;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;

import java.util.concurrent.Callable;

/** Runs test code with the admin role, so that in-container tests can call boundaries as an administrator would. */
@Stateless
@RunAs("admin")
@PermitAll
public class AsAdmin {

    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
