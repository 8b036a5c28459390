package dev.weft.consent;

import dev.weft.Workspace;
import dev.weft.identity.IdentityConfigLoader;
import dev.weft.warehouse.Warehouse;
import jakarta.inject.Singleton;

/** The workspace's consent and suppression ({@code consent/*.yml}), read afresh for each plan: the files are edited by hand. */
@Singleton
public class Consents {

    private final Workspace workspace;

    public Consents(Workspace workspace) {
        this.workspace = workspace;
    }

    public ConsentConfig config() {
        return ConsentConfigLoader.load(workspace.resolve("consent"));
    }

    /** The filter a plan in {@code warehouse} applies; it reads identity's normalization only when it needs it. */
    public ConsentFilter filter(Warehouse warehouse) {
        return new ConsentFilter(warehouse, config(), () -> IdentityConfigLoader.load(workspace.resolve("identity-graph"), warehouse));
    }
}
