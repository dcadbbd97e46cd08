package com.ecsprovisioner.cloud.alibaba;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.reader.JsonReader;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way out of {@link AlibabaRegion} to the SDK: {@link #call} points the request at the configured endpoint,
 * sets the time-outs and turns every SDK failure into a classified {@link CloudException}; the helpers below are
 * what every API area shares (argument checks, id batches, paging, tag matching).
 */
final class RegionCalls {

    private static final Logger LOG = Logger.getLogger(RegionCalls.class.getName());

    /** The API's limit of ids per DescribeInstances, DescribeSecurityGroups, DescribeSnapshots and DeleteKeyPairs call. */
    static final int MAX_IDS_PER_CALL = 100;

    private final String regionId;
    private final IAcsClient client;
    private final AcsClients.Endpoint ecsEndpoint;
    private final AcsClients.Endpoint vpcEndpoint;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    RegionCalls(String regionId, IAcsClient client, AcsClients.Endpoint ecsEndpoint, AcsClients.Endpoint vpcEndpoint,
                  int connectTimeoutMillis, int readTimeoutMillis) {
        this.regionId = regionId;
        this.client = client;
        this.ecsEndpoint = ecsEndpoint;
        this.vpcEndpoint = vpcEndpoint;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    String regionId() {
        return regionId;
    }

    // ---- the one way out ------------------------------------------------------------------------------------

    <T extends AcsResponse> T call(Product product, AcsRequest<T> request) {
        request.setSysRegionId(regionId);
        AcsClients.Endpoint endpoint = product == Product.VPC ? vpcEndpoint : ecsEndpoint;
        request.setSysProtocol(endpoint.protocol());
        if (endpoint.overridden()) {
            request.setSysEndpoint(endpoint.hostPort());
        }
        // Request-level time-outs: the SDK's HTTP client is shared JVM-wide and keeps the first profile's settings.
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        return invoke(product, request.getSysActionName(), () -> client.getAcsResponse(request));
    }

    /**
     * An action of an API the SDK v1 has no request classes for (Quota Center), through the core SDK's
     * {@link CommonRequest}; answers the JSON body flattened by the SDK's own reader into the keys its generated
     * unmarshallers read ({@code Root.List[0].Field}, {@code Root.List.Length}; the variant that keeps array names,
     * as Quota Center's arrays carry no item wrapper). Quota Center is one global endpoint
     * ({@link #QUOTAS_DOMAIN}); an overridden ECS endpoint (the sandbox) answers it too.
     */
    Map<String, String> common(Product product, CommonRequest request) {
        request.setSysRegionId(regionId);
        request.setSysProtocol(ecsEndpoint.protocol());
        request.setSysDomain(ecsEndpoint.overridden() ? ecsEndpoint.hostPort() : QUOTAS_DOMAIN);
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        String action = request.getSysAction();
        return invoke(product, action, () -> new JsonReader().readForHideArrayItem(client.getCommonResponse(request).getData(),
                action + "Response"));
    }

    static final String QUOTAS_DOMAIN = "quotas.aliyuncs.com";

    private interface SdkCall<T> {
        T run() throws ClientException;
    }

    private <T> T invoke(Product product, String action, SdkCall<T> sdk) {
        try {
            T response = sdk.run();
            LOG.finest(() -> action + " in " + regionId + " ok");
            return response;
        } catch (ServerException e) {
            throw failed(product, action, 500, e);
        } catch (ClientException e) {
            String code = e.getErrCode();
            throw failed(product, action, code != null && code.startsWith("SDK.") ? 0 : 400, e);
        } catch (RuntimeException e) {
            // The SDK's JSON reader throws unchecked exceptions on answers it cannot read: a broken answer is a
            // server fault, not the caller's.
            CloudException ce = ErrorClassifier.classify(product, action, regionId, 0, "SDK.UnreadableResponse",
                    e.getClass().getSimpleName(), null, null, e);
            LOG.log(Level.FINE, ce.describe());
            throw ce;
        }
    }

    private CloudException failed(Product product, String action, int status, ClientException e) {
        Object authAction = e.getAccessDeniedDetail() == null ? null : e.getAccessDeniedDetail().get("AuthAction");
        CloudException ce = ErrorClassifier.classify(product, action, regionId, status, e.getErrCode(), e.getErrMsg(),
                e.getRequestId(), authAction == null ? null : authAction.toString(), e);
        LOG.log(Level.FINE, () -> action + " in " + regionId + " failed: " + ce.describe());
        return ce;
    }

    static CloudException invalid(String message) {
        return new CloudException(Kind.INVALID_REQUEST, "InvalidInput", null, message, false, null, null);
    }

    static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw invalid(what + " must be given.");
        }
        return value;
    }

    /** The JSON-array-in-a-string form several ECS actions take for id lists (reference §1.3). */
    static String jsonArray(Collection<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (String v : values) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }

    static <T> List<List<T>> batches(Collection<T> items, int size) {
        List<T> distinct = new ArrayList<>(new LinkedHashSet<>(items));
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += size) {
            out.add(distinct.subList(i, Math.min(distinct.size(), i + size)));
        }
        return out;
    }

    /**
     * Walks numbered pages until the reported total is reached or a page comes back short. {@code fetch} gets the
     * page number and returns (items, total count).
     */
    static <T> List<T> allPages(int pageSize, Function<Integer, Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<T> p = fetch.apply(page);
            all.addAll(p.items());
            if (p.items().size() < pageSize || (p.total() != null && all.size() >= p.total())) {
                return all;
            }
        }
    }

    record Page<T>(List<T> items, Integer total) {
    }

    static boolean tagged(Map<String, String> tags, String key, Optional<String> value) {
        return tags.containsKey(key) && (value.isEmpty() || value.get().equals(tags.get(key)));
    }
}
