package dev.weft.web;

import dev.weft.api.ApiToken;
import dev.weft.api.Scopes;

/** A signed-in browser: the API token it signed in with (as the store has it now) and its CSRF token. */
public record WebSession(ApiToken token, String csrf) {

    /** The request attribute {@link WebAuthFilter} leaves the session in. */
    public static final String ATTRIBUTE = "weft.web.session";

    public String name() {
        return token.name();
    }

    /** The page's {@code hx-headers}: htmx sends the CSRF token with every request it makes. */
    public String htmxHeaders() {
        return "{\"" + WebAuthFilter.CSRF_HEADER + "\": \"" + csrf + "\"}";
    }

    /** Whether the token holds {@code scope}: the page shows a write's button only then. */
    public boolean can(String scope) {
        return Scopes.allows(token.scopes(), scope);
    }
}
