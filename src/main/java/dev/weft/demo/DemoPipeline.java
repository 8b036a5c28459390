package dev.weft.demo;

import dev.weft.Workspace;
import io.micronaut.context.BeanContext;
import jakarta.inject.Singleton;

import java.util.List;

/** Runs the demo's steps in order on one warehouse, each step printing what it made. */
@Singleton
public class DemoPipeline {

    /** The steps of {@code weft demo}, in order. A feature adds its step (a {@link DemoStep} bean) with one line here. */
    static final List<Class<? extends DemoStep>> STEPS = List.of(
            SeedStep.class,
            dev.weft.models.ModelsDemoSteps.BeforeIdentity.class,
            dev.weft.identity.IdentityDemoStep.class,
            dev.weft.models.ModelsDemoSteps.AfterIdentity.class,
            dev.weft.audiences.AudiencesDemoStep.class,
            dev.weft.syncs.SyncsDemoStep.class);

    private final BeanContext beans;
    private final Workspace workspace;

    public DemoPipeline(BeanContext beans, Workspace workspace) {
        this.beans = beans;
        this.workspace = workspace;
    }

    public void run(DemoRun run) {
        List<String> written = DemoWorkspace.install(workspace.root());
        if (!written.isEmpty()) {
            run.out().println("wrote the demo's " + String.join(", ", written) + " into " + workspace.root()
                    + " (edit them, then run each step: weft models run, weft identity run, ...)");
        }
        int n = 0;
        for (Class<? extends DemoStep> type : STEPS) {
            DemoStep step = beans.getBean(type);
            run.out().printf("[%d/%d] %s%n", ++n, STEPS.size(), step.title());
            step.run(run);
        }
    }
}
