package com.ecsprovisioner.provider;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves what the cloud said about a profile's account from the database while it is younger than
 * {@code ecs.catalog.max-age} (default six hours), and asks the cloud again when it is older or was cleared. Reading
 * through the cache is how pages list regions, zones, instance types, images and key pairs, and show the account's
 * quotas, without a cloud call
 * per page view.
 */
@Stateless
public class CatalogCache {

    /** Made on first use (holder idiom), so that clearing or listing the cache needs no JSON-B provider. */
    private static final class Json {
        static final Jsonb JSONB = JsonbBuilder.create();
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "ecs.catalog.max-age", defaultValue = "PT6H")
    Duration maxAge;

    Clock clock = Clock.systemUTC();

    /** What was served and how old it is. */
    public record Cached<T>(List<T> items, Instant fetchedAt) {
        public Duration age(Instant now) {
            return Duration.between(fetchedAt, now);
        }
    }

    public <T> Cached<T> get(long profileId, CatalogEntry.Kind kind, String scope, Class<T> type, Supplier<List<T>> fetch) {
        // The database keeps microseconds; so does the answer, so that a cached read and a fresh one compare equal.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<CatalogEntry> entry = find(profileId, kind, scope);
        if (entry.isPresent() && !entry.get().isOlderThan(maxAge, now)) {
            return new Cached<>(Json.JSONB.fromJson(entry.get().getPayload(), listOf(type)), entry.get().getFetchedAt());
        }
        List<T> fresh = fetch.get();
        String payload = Json.JSONB.toJson(fresh);
        if (entry.isPresent()) {
            entry.get().refresh(payload, now);
        } else {
            em.persist(new CatalogEntry(profileId, kind, scope, payload, now));
        }
        return new Cached<>(fresh, now);
    }

    /** Forgets one cached answer, so that the next read asks the cloud. */
    public void forget(long profileId, CatalogEntry.Kind kind, String scope) {
        find(profileId, kind, scope).ifPresent(em::remove);
        // Before the same key is stored again in this transaction: the unique key would otherwise see both rows.
        em.flush();
    }

    public void clear(long profileId) {
        em.createNamedQuery("CatalogEntry.clear").setParameter("profile", profileId).executeUpdate();
    }

    /** When each cached list of a profile was fetched, oldest first. */
    public List<CatalogEntry> entries(long profileId) {
        return em.createNamedQuery("CatalogEntry.ofProfile", CatalogEntry.class).setParameter("profile", profileId).getResultList();
    }

    public Duration maxAge() {
        return maxAge;
    }

    private Optional<CatalogEntry> find(long profileId, CatalogEntry.Kind kind, String scope) {
        return em.createNamedQuery("CatalogEntry.find", CatalogEntry.class)
                .setParameter("profile", profileId).setParameter("kind", kind).setParameter("scope", scope)
                .getResultStream().findFirst();
    }

    private static Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[]{element};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }
}
