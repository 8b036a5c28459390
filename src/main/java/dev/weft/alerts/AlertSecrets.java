package dev.weft.alerts;

import dev.weft.WeftException;
import dev.weft.store.CredentialVault;

import java.util.function.Function;

/** Resolves the secrets {@code weft.yml} names, at each delivery, so a changed variable or credential applies at once. */
public final class AlertSecrets {

    private final Function<String, String> environment;
    private final CredentialVault vault;

    /** @param environment the process environment ({@code System::getenv}), or a test's */
    public AlertSecrets(Function<String, String> environment, CredentialVault vault) {
        this.environment = environment;
        this.vault = vault;
    }

    /** The secret's value; the message of a missing one names the reference, never a value. */
    String resolve(AlertChannel.SecretRef ref) {
        String value = switch (ref.source()) {
            case "env" -> environment.apply(ref.name());
            default -> vault.exists(ref.name()) ? vault.get(ref.name()).get(ref.key()) : null;
        };
        if (value == null || value.isBlank()) {
            throw new WeftException(ref + " is not set" + (ref.source().equals("env") ? " in the environment of this process"
                    : ": the vault has no credential '" + ref.name() + "' with the key '" + ref.key() + "'"));
        }
        return value;
    }
}
