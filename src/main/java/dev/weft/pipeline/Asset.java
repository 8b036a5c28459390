package dev.weft.pipeline;

import dev.weft.models.Freshness;

import java.util.List;
import java.util.Locale;

/**
 * One node of the pipeline: a raw table ({@code source:raw.raw_events}), a model ({@code model:stg_events}),
 * the identity run ({@code identity}), an audience ({@code audience:cart-abandoners-7d}), a priority list
 * ({@code priority_list:carts-first}) or a sync ({@code sync:contacts_to_file}). {@code upstream} are the ids of the assets it reads, as declared by
 * {@code ref()}/{@code source()}, identity's edge sources, the audiences' traits and events models, the
 * priority lists' audiences and the syncs' sources. {@code table} is the warehouse table a source is watched in (null for other kinds);
 * {@code loadedAtField} its timestamp column, when declared; {@code freshness} how old that column's newest value may be
 * (dbt's source freshness; null: not checked).
 */
public record Asset(String id, Kind kind, String name, List<String> upstream, String table, String schema,
                    String loadedAtField, Freshness freshness) {

    public Asset {
        // Two declared inputs may be one asset (source('weft', 'id_graph') and source('weft', 'profiles') are identity).
        upstream = List.copyOf(new java.util.LinkedHashSet<>(upstream));
    }

    public enum Kind {
        SOURCE, MODEL, IDENTITY, AUDIENCE, PRIORITY_LIST, SYNC;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An asset's id: its kind's label and its name ({@code sync:orders_to_crm}), or {@code identity}. */
    public static String id(Kind kind, String name) {
        return kind == Kind.IDENTITY ? "identity" : kind.label() + ":" + name;
    }
}
