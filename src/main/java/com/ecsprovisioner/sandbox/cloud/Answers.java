package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every action's answer is built from: the DryRun check and ordered answer maps. */
final class Answers {

    private Answers() {
    }

    /** A DryRun request that passed validation ends here with the API's own "would have succeeded" answer. */
    static void dryRun(Call c) {
        if (c.bool("DryRun")) {
            throw new ApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
        }
    }

    /** An answer map with the fields in the order given (the JSON keeps it). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
