package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.models.GitState;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The commit a models run ran from; null when the workspace is not a git checkout. */
@Schema(name = "ModelRunGit", nullable = true, description = "The commit a models run ran from; null outside a git checkout")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelRunGit(@Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String commitSha, boolean dirty,
                   @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String url,
                   @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String ref) {

    static @Nullable ModelRunGit of(@Nullable GitState git) {
        return git == null ? null : new ModelRunGit(git.commitSha(), git.dirty(), git.url(), git.ref());
    }
}
