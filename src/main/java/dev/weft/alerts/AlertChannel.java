package dev.weft.alerts;

import java.util.List;

/** Where alerts go: a Slack incoming webhook, a signed generic webhook, or email over SMTP. */
public sealed interface AlertChannel {

    /** The channel's name, its key under {@code weft.alerts.channels}. */
    String name();

    /** A Slack incoming webhook: posts {@code {"text": ...}} to its URL (a secret: it is the credential). */
    record Slack(String name, SecretRef url) implements AlertChannel {
    }

    /** A JSON body posted to {@code url}, signed with HMAC-SHA256 under {@code signingSecret} (see {@link AlertSender}). */
    record Webhook(String name, SecretRef url, SecretRef signingSecret) implements AlertChannel {
    }

    /**
     * Mail through an SMTP server; {@code username} and {@code password} are both given or both left out.
     *
     * @param tls {@code starttls} (upgrade required), {@code ssl} (TLS from the first byte) or {@code none}
     */
    record Email(String name, String host, int port, String username, SecretRef password, String from, List<String> to,
                 Tls tls) implements AlertChannel {

        public Email {
            to = List.copyOf(to);
        }
    }

    enum Tls { STARTTLS, SSL, NONE }

    /**
     * A secret named in {@code weft.yml}, never written there: {@code env:VARIABLE} (an environment
     * variable) or {@code vault:CREDENTIAL/KEY} (a key of a credential in the vault). Its text is only
     * the reference, so it may be logged.
     */
    record SecretRef(String source, String name, String key) {

        @Override
        public String toString() {
            return source + ":" + name + (key == null ? "" : "/" + key);
        }
    }
}
