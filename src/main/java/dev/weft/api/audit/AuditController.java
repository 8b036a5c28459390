package dev.weft.api.audit;

import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.RequiresScope;
import dev.weft.api.Scopes;
import dev.weft.audit.AuditFilter;
import dev.weft.audit.AuditLog;
import dev.weft.audit.AuditPage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.regex.Pattern;

/** {@code /v1/audit}: who wrote what and when, through the API or the CLI; admin tokens only. */
@Controller("/v1/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@RequiresScope(Scopes.ADMIN)
@Tag(name = "audit")
public class AuditController {

    private static final Pattern CURSOR = Pattern.compile("[1-9][0-9]{0,17}");

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @Get
    @Operation(operationId = "listAuditEntries", summary = "The audit log, newest first: actor (token name or cli:<os user>), "
            + "action, subject, time and the object before and after (secrets left out), filtered and paged by cursor")
    @ApiResponse(responseCode = "200", description = "A page of entries and the cursor of the next one (null on the last)")
    @ApiResponse(responseCode = "400", description = "A cursor or limit that is not valid, named in details",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "401", description = "Missing, unknown, revoked or expired token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "The token lacks the admin scope",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public AuditEntries list(@QueryValue("subject_type") @Nullable String subjectType,
                             @QueryValue("subject_id") @Nullable String subjectId,
                             @QueryValue @Nullable String actor,
                             @QueryValue @Nullable String cursor,
                             @QueryValue(defaultValue = "50") int limit) {
        if (limit < 1 || limit > AuditLog.MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1 to " + AuditLog.MAX_LIMIT + ", got " + limit,
                    List.of(new ApiException.Detail("limit", "must be 1 to " + AuditLog.MAX_LIMIT)));
        }
        AuditPage page = audit.list(new AuditFilter(subjectType, subjectId, actor), before(cursor), limit);
        return new AuditEntries(page.entries().stream().map(AuditEntryBody::of).toList(), page.next() == null ? null : page.next().toString());
    }

    /** The cursor is the id of the last entry of the previous page: entries older than it follow. */
    private static Long before(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        if (CURSOR.matcher(cursor).matches()) {
            return Long.parseLong(cursor);
        }
        throw ApiException.badRequest("cursor '" + cursor + "' is not one this API gave",
                List.of(new ApiException.Detail("cursor", "pass the 'next' of the previous page as it is")));
    }
}
