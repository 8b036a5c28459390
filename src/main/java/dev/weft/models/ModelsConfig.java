package dev.weft.models;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * {@code weft.models}: how many models build at once ({@code threads}, default 4) and, for
 * {@code weft serve}, a remote repository to pull on a schedule ({@code git-url} at {@code git-ref},
 * every {@code pull-interval}), running the models whenever its commit changes.
 */
@ConfigurationProperties("weft.models")
public record ModelsConfig(@Nullable Integer threads, @Nullable String gitUrl, @Nullable String gitRef,
                           @Nullable Duration pullInterval) {

    public int threadsOrDefault() {
        return threads == null ? 4 : threads;
    }
}
