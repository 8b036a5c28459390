package dev.weft.api.contract;

import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import dev.weft.testing.client.ApiClient;
import dev.weft.testing.client.ApiException;
import dev.weft.testing.client.api.AudiencesApi;
import dev.weft.testing.client.api.ConnectionsApi;
import dev.weft.testing.client.api.ServiceApi;
import dev.weft.testing.client.api.SyncsApi;
import dev.weft.testing.client.model.AudienceBody;
import dev.weft.testing.client.model.AudiencePreviewRequest;
import dev.weft.testing.client.model.AudiencePreviewView;
import dev.weft.testing.client.model.AudienceRunRequest;
import dev.weft.testing.client.model.AudienceRunView;
import dev.weft.testing.client.model.AudienceView;
import dev.weft.testing.client.model.ConnectionBody;
import dev.weft.testing.client.model.ConnectionView;
import dev.weft.testing.client.model.SyncBody;
import dev.weft.testing.client.model.SyncBodyDestination;
import dev.weft.testing.client.model.SyncBodySource;
import dev.weft.testing.client.model.SyncMappingBody;
import dev.weft.testing.client.model.SyncRunTriggered;
import dev.weft.testing.client.model.SyncRunView;
import dev.weft.testing.client.model.WhoAmIControllerWhoAmI;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Java client generated from api/openapi.yml at build time (openapi-generator, pom.xml) talks to the
 * running server: the contract is usable as published, not only valid.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    @Override
    public Map<String, String> getProperties() {
        return DemoFixture.serverProperties();
    }

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(server.getURI().toString());
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    private ServiceApi service(String token) {
        return new ServiceApi(client(token));
    }

    @Test
    void whoamiThroughTheGeneratedClient() throws ApiException {
        String token = TestTokens.create(store, "generated", "models:read");

        WhoAmIControllerWhoAmI me = service(token).whoami();

        assertThat(me.getName()).startsWith("generated-");
        assertThat(me.getScopes()).containsExactly("models:read");
    }

    @Test
    void aMissingTokenIsTheGeneratedClientsApiExceptionWith401() {
        assertThatThrownBy(() -> service(null).whoami())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }

    @Test
    void theDemosAudienceToSyncFlowThroughTheGeneratedClient() throws Exception {
        ApiClient client = client(TestTokens.create(store, "generated-flow", "audiences:read", "audiences:write",
                "connections:read", "connections:write", "syncs:read", "syncs:write"));
        AudiencesApi audiences = new AudiencesApi(client);
        ConnectionsApi connections = new ConnectionsApi(client);
        SyncsApi syncs = new SyncsApi(client);

        AudienceView valuable = audiences.createAudience(new AudienceBody().name("Valuable Germans").conditions(List.of(
                Map.of("type", "trait", "column", "country", "operator", "equals", "value", "DE"),
                Map.of("type", "trait", "column", "lifetime_value", "operator", "greater_than_or_equal", "value", 100))));
        AudiencePreviewView preview = audiences.previewAudience(new AudiencePreviewRequest().audience(valuable.getId()));
        assertThat(preview.getCount()).isPositive();
        AudienceRunView materialized = audiences.runAudience(valuable.getId(), new AudienceRunRequest());
        assertThat(materialized.getSize()).isEqualTo(preview.getCount());

        ConnectionView files = connections.createConnection(new ConnectionBody().name("generated_files").type("file")
                .settings(Map.of("path", "generated-output", "format", "jsonl")));
        assertThat(files.getType()).isEqualTo("file");
        syncs.createSync(new SyncBody().id("valuable_to_file")
                .source(new SyncBodySource().audience(valuable.getId()))
                .destination(new SyncBodyDestination().type("file").connection("generated_files"))
                .mode(SyncBody.ModeEnum.MIRROR)
                .purpose("email_marketing")
                .mapping(List.of(new SyncMappingBody().from("email").to("email"), new SyncMappingBody().from("country").to("country"))));

        SyncRunTriggered triggered = syncs.triggerSyncRun("valuable_to_file");
        assertThat(triggered.getStatus()).isEqualTo(SyncRunTriggered.StatusEnum.RUNNING);
        SyncRunView run = syncs.getSyncRun(triggered.getRunId());
        for (int i = 0; i < 300 && run.getStatus() == SyncRunView.StatusEnum.RUNNING; i++) {
            Thread.sleep(100);
            run = syncs.getSyncRun(triggered.getRunId());
        }
        assertThat(run.getStatus()).isEqualTo(SyncRunView.StatusEnum.SUCCEEDED);
        // The demo's consent withholds some members; the rest are added.
        long withheld = run.getPlanned().getWithheld().values().stream().mapToLong(Long::longValue).sum();
        assertThat(withheld).isPositive();
        assertThat(run.getPlanned().getAdded() + withheld).isEqualTo(preview.getCount());
        assertThat(run.getSucceeded()).isEqualTo(run.getPlanned().getAdded());
        assertThat(run.getFailed()).isZero();
        assertThat(syncs.listSyncRuns("valuable_to_file", null, null).getItems()).extracting(SyncRunView::getId)
                .containsExactly(triggered.getRunId());
    }
}
