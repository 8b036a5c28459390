package dev.weft.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

/** A test-only page that fails unexpectedly, for the web app's error page (the API has its own in ThrowawayControllers). */
@Hidden
@Requires(env = "test")
@Controller("/app/test-only")
class ThrowawayPages {

    @Get("/fail")
    String fail() {
        throw new IllegalStateException("a page failed on purpose");
    }
}
