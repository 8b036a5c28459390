package dev.weft.pipeline;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * One pipeline run: what started it ({@code cli}, {@code api}, {@code schedule}, {@code poll}, {@code demo}),
 * its status ({@code running}, {@code succeeded}, or {@code failed} when an asset failed), and each asset's
 * result in run order. {@code error}: why the run could not start building (the workspace's models or syncs
 * do not load), else null.
 */
public record PipelineRun(String id, String trigger, String status, Instant startedAt, @Nullable Instant finishedAt,
                          @Nullable String error, List<AssetResult> assets) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public long count(AssetResult.Outcome outcome) {
        return assets.stream().filter(a -> a.outcome() == outcome).count();
    }
}
