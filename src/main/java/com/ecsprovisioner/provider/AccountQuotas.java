package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * The account's real limits in a profile's region ({@code CloudRegion.quotas()}: Quota Center and ECS account
 * attributes), kept in the catalogue cache with their age like regions and key pairs, so that the dashboard's meter,
 * the clean-up page and the connection test show the account's own quota rather than the documented default.
 */
@Stateless
@RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
public class AccountQuotas {

    private static final Logger LOG = Logger.getLogger(AccountQuotas.class.getName());

    @Inject
    ProfileAccess access;

    @Inject
    CatalogCache cache;

    /** Served from the cache while younger than {@code ecs.catalog.max-age}, else read from the cloud. */
    public CatalogCache.Cached<QuotaReading> of(long profileId) {
        String region = access.connectionFor(profileId).regionId();
        CloudRegion cloud = access.cloudFor(profileId);
        try {
            return cache.get(profileId, CatalogEntry.Kind.QUOTAS, region, QuotaReading.class,
                    () -> QuotaReading.of(cloud.quotas(), cloud::vpcCount));
        } catch (CloudException e) {
            throw refused(profileId, e);
        } catch (EJBException e) {
            // The cache is an enterprise bean: a cloud failure inside it reaches here wrapped.
            if (e.getCause() instanceof CloudException cloudFailure) {
                throw refused(profileId, cloudFailure);
            }
            throw e;
        }
    }

    private static Rejected refused(long profileId, CloudException e) {
        LOG.warning(() -> "Reading the quotas of profile " + profileId + " failed: " + e.describe());
        return new Rejected(e.getMessage() + CloudException.forSupport(e.code(), e.requestId()));
    }

    /** Read again now (the connection test, and after a policy was granted or a quota raised). */
    public CatalogCache.Cached<QuotaReading> refresh(long profileId) {
        cache.forget(profileId, CatalogEntry.Kind.QUOTAS, access.connectionFor(profileId).regionId());
        return of(profileId);
    }

    public Optional<QuotaReading> vpcs(long profileId) {
        return of(profileId).items().stream().filter(q -> q.kind() == QuotaKind.VPCS_PER_REGION).findFirst();
    }
}
