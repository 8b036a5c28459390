package dev.weft.alerts;

import dev.weft.store.CredentialVault;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncRunListener;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** In the application, the alerts are the listener the executor and the scheduler tell of runs and ticks. */
class AlertsWiringTest {

    @TempDir
    Path workspace;

    @Test
    void theApplicationsAlertsListenToSyncRuns() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("weft.workspace", workspace.toString(),
                "weft.store.url", "jdbc:h2:mem:alerts-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "weft.master-key", CredentialVault.newKey()), "test")) {
            context.getBean(SyncExecutor.class);
            assertThat(context.getBeansOfType(SyncRunListener.class)).containsExactly(context.getBean(Alerts.class));
        }
    }
}
