package dev.weft.audit;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.PropagatedContextElement;

import java.util.function.Supplier;

/**
 * Who makes a write: an API token's name, or {@code cli:<os user>} for a command. It travels in Micronaut's
 * propagated context (set by the API's auth filter for a request, by the CLI for a command), so services
 * learn who calls without a parameter on every method and without knowing about HTTP.
 */
public record Actor(String name) implements PropagatedContextElement {

    /** Writes no request or command asked for (the models git poller): Weft itself. */
    public static final Actor WEFT = new Actor("weft");

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an actor needs a name");
        }
    }

    /** The person running a {@code weft} command, by their operating-system user name. */
    public static Actor cli() {
        return new Actor("cli:" + System.getProperty("user.name", "unknown"));
    }

    /** The actor of the code running now, or {@link #WEFT} when no request or command set one. */
    public static Actor current() {
        return PropagatedContext.getOrEmpty().find(Actor.class).orElse(WEFT);
    }

    /** Runs {@code work} with this actor as {@link #current()}, in place of any actor set before. */
    public <T> T actFor(Supplier<T> work) {
        PropagatedContext context = PropagatedContext.getOrEmpty();
        return context.find(Actor.class).map(outer -> context.replace(outer, this)).orElseGet(() -> context.plus(this))
                .propagate(work);
    }
}
