package com.ecsprovisioner.cost;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.CatalogEntry;
import com.ecsprovisioner.provider.ProfileAccess;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.List;
import java.util.logging.Logger;

/**
 * The cloud's price of one configuration in a region of a profile's account (a server's own, which may not be the profile's), kept in the catalogue cache with its age
 * ({@code ecs.catalog.max-age}) like regions and quotas, so that a page view or the fleet's total does not ask the
 * cloud again. Each read is its own transaction: one price that fails must not spoil the others of a fleet total.
 */
@Stateless
@RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
public class Prices {

    private static final Logger LOG = Logger.getLogger(Prices.class.getName());

    @Inject
    ProfileAccess access;

    @Inject
    CatalogCache cache;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PriceQuote quote(long profileId, CloudTypes.PriceQuery query) {
        return quote(profileId, null, query);
    }

    /** A price in another region of the profile's account ({@code regionId} null: the profile's own). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PriceQuote quote(long profileId, String regionId, CloudTypes.PriceQuery query) {
        CloudRegion cloud = access.cloudFor(profileId, regionId);
        String scope = (regionId == null ? "" : regionId + "|") + query.instanceType() + "|" + query.systemDiskCategory() + "|" + query.systemDiskSizeGiB() + "|"
                + query.bandwidthOutMbps() + "|" + query.bandwidthBilling();
        try {
            CatalogCache.Cached<CloudTypes.Price> read = cache.get(profileId, CatalogEntry.Kind.PRICES, scope,
                    CloudTypes.Price.class, () -> List.of(cloud.price(query)));
            return PriceQuote.of(read.items().get(0), read.fetchedAt());
        } catch (CloudException e) {
            throw unavailable(profileId, e);
        } catch (EJBException e) {
            // The cache is an enterprise bean: a cloud failure inside it reaches here wrapped.
            if (e.getCause() instanceof CloudException cloudFailure) {
                throw unavailable(profileId, cloudFailure);
            }
            throw e;
        }
    }

    static PriceUnavailable unavailable(long profileId, CloudException e) {
        LOG.warning(() -> "Reading a price for profile " + profileId + " failed: " + e.describe());
        return new PriceUnavailable(StepOutcomes.forPeople(e) + (e.code() == null ? ""
                : CloudException.forSupport(e.code(), e.requestId())), e);
    }
}
