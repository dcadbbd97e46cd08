package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.List;

/** Page slicing over a stable (insertion-ordered) list, so that walking pages sees every item once. */
final class Paging {

    private Paging() {
    }

    static <T> List<T> page(List<T> all, int pageNumber, int pageSize) {
        long from = (long) (pageNumber - 1) * pageSize;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + pageSize));
    }

    /** NextToken paging: the token is the offset of the next item, in hex; empty when nothing follows. */
    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(token, 16);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "InvalidParameter.NextToken",
                    "The specified NextToken is not valid.");
        }
    }

    static String nextToken(int offset, int taken, int total) {
        return offset + taken < total ? Integer.toHexString(offset + taken) : "";
    }
}
