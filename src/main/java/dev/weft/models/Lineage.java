package dev.weft.models;

import java.util.List;

/**
 * The workspace's lineage beyond the models: what reads them (the identity run, audiences, syncs), for the docs
 * site. The pipeline implements it, since it alone knows every asset; models know only their own DAG.
 */
public interface Lineage {

    /**
     * One asset: {@code id} as the pipeline names it ({@code model:stg_events}, {@code source:raw.raw_events},
     * {@code identity}, {@code audience:...}, {@code sync:...}), its {@code kind} ({@code model}, {@code source}, ...),
     * its name and the ids of the assets it reads.
     */
    record Node(String id, String kind, String name, List<String> upstream) {
    }

    /** Every asset of the workspace as declared now. */
    List<Node> nodes();
}
