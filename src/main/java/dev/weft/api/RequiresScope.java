package dev.weft.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The token scope a route needs, for example {@code audiences:write}. Every {@code /v1} route carries
 * one (on the method or its controller); a request without a token answers 401, with a token lacking
 * the scope 403.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {
    String value();
}
