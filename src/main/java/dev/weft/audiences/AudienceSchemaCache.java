package dev.weft.audiences;

import dev.weft.WeftException;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Singleton;

/**
 * The primary warehouse's catalogue of the traits and events models, as audiences are checked and
 * compiled against it: re-read at most every 30 s (a preview should not pay for it each time).
 */
@Singleton
public class AudienceSchemaCache {

    private static final long TTL_MILLIS = 30_000;

    private final AudiencesConfig config;
    private final Warehouses warehouses;
    private volatile AudienceSchema cached;
    private volatile long readAt;

    public AudienceSchemaCache(AudiencesConfig config, Warehouses warehouses) {
        this.config = config;
        this.warehouses = warehouses;
    }

    /** The catalogue, read again when older than 30 s; without the models, an {@link AudiencesNotReadyException}. */
    AudienceSchema schema() {
        long now = System.currentTimeMillis();
        AudienceSchema s = cached;
        if (s == null || now - readAt > TTL_MILLIS) {
            try {
                s = AudienceSchema.read(warehouses.primary(), config.traits(), config.events(),
                        config.declaredPropertyTypes());
            } catch (WarehouseException e) {
                throw e; // a failing statement, not a missing model: never its SQL in a 409
            } catch (WeftException e) {
                throw new AudiencesNotReadyException(e.getMessage());
            }
            cached = s;
            readAt = now;
        }
        return s;
    }

    /** Forgets the cached catalogue, after models changed the tables. */
    public void refresh() {
        cached = null;
    }
}
