package dev.weft.models;

import java.util.List;

/**
 * One model: {@code models/<any folders>/<name>.sql}. {@code sql} is its compiled SELECT as a first
 * run sees it ({@code is_incremental()} false); {@code refs} and {@code sources} are what it reads.
 */
public record Model(String name, String file, String template, ModelConfig config, List<String> refs,
                    List<String> sources, String sql) {
}
