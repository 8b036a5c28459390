package dev.weft.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.WeftException;
import dev.weft.destinations.http.VendorHttp;
import dev.weft.destinations.webhook.WebhookSignature;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Delivers one alert to one channel. Slack gets {@code {"text": ...}}; the generic webhook gets the
 * JSON of {@link AlertMessage.WebhookBody}, signed like the webhook destination
 * ({@code X-Weft-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the Unix seconds in
 * {@code X-Weft-Timestamp}); email goes through SMTP. A failure throws a {@link WeftException} whose
 * message names the channel and never a secret (webhook URLs are credentials).
 */
final class AlertSender {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OkHttpClient http = VendorHttp.client().callTimeout(TIMEOUT).build();
    private final AlertSecrets secrets;
    private final Clock clock;

    AlertSender(AlertSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    void send(AlertChannel channel, AlertMessage message) {
        List<String> known = new ArrayList<>();
        try {
            if (channel instanceof AlertChannel.Slack slack) {
                post(secret(slack.url(), known), json(Map.of("text", message.text())), Map.of());
            } else if (channel instanceof AlertChannel.Webhook hook) {
                byte[] body = json(message.body());
                long timestamp = clock.instant().getEpochSecond();
                post(secret(hook.url(), known), body, Map.of(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
                        WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret(hook.signingSecret(), known), timestamp, body)));
            } else {
                mail((AlertChannel.Email) channel, message, known);
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (String secret : known) {
                why = why.replace(secret, "***");
            }
            // Not chained: the cause's own message may carry a secret.
            throw new WeftException("alert channel '" + channel.name() + "': " + why);
        }
    }

    private String secret(AlertChannel.SecretRef ref, List<String> known) {
        String value = secrets.resolve(ref);
        known.add(value);
        return value;
    }

    private void post(String url, byte[] body, Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        headers.forEach(request::header);
        try (Response response = http.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("the receiver answered HTTP " + response.code());
            }
        }
    }

    private void mail(AlertChannel.Email mail, AlertMessage message, List<String> known) throws MessagingException {
        Properties p = new Properties();
        String proto = mail.tls() == AlertChannel.Tls.SSL ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", mail.host());
        p.put("mail." + proto + ".port", Integer.toString(mail.port()));
        p.put("mail." + proto + ".connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail." + proto + ".timeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail." + proto + ".writetimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail." + proto + ".auth", Boolean.toString(mail.username() != null));
        if (mail.tls() == AlertChannel.Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (mail.tls() != AlertChannel.Tls.NONE) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(mail.from()));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", mail.to())));
        m.setSubject(message.title(), "UTF-8");
        m.setText(message.text(), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        if (mail.username() == null) {
            Transport.send(m);
        } else {
            Transport.send(m, mail.username(), secret(mail.password(), known));
        }
    }

    private static byte[] json(Object body) {
        try {
            return VendorHttp.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert that cannot be written as JSON", e);
        }
    }
}
