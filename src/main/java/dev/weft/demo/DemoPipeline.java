package dev.weft.demo;

import dev.weft.Workspace;
import dev.weft.WorkspaceConfig;
import io.micronaut.context.BeanContext;
import io.micronaut.core.annotation.Order;
import io.micronaut.inject.BeanDefinition;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs the demo's steps (every {@link DemoStep} bean) in their order on one warehouse, each step printing what it made. */
@Singleton
public class DemoPipeline {

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
                    + " (edit them, then weft pipeline run builds what changed)");
        }
        // Only where no other configuration is in use (WEFT_CONFIG names another file).
        if (WorkspaceConfig.file().isEmpty() && DemoWorkspace.installConfig(workspace.root())) {
            run.out().println("wrote weft.yml: weft.audiences.as-of: latest-event, so the API measures \"the last 7 days\" "
                    + "back from the demo data's latest event, as this demo does");
        }
        List<BeanDefinition<DemoStep>> steps = steps();
        int n = 0;
        for (BeanDefinition<DemoStep> definition : steps) {
            DemoStep step = beans.getBean(definition);
            run.out().printf("[%d/%d] %s%n", ++n, steps.size(), step.title());
            step.run(run);
        }
    }

    /**
     * The steps in their {@link Order}. Definitions, not beans: a step and the services it needs (the store,
     * the credential vault) are created only when its turn comes.
     */
    List<BeanDefinition<DemoStep>> steps() {
        List<BeanDefinition<DemoStep>> steps = new ArrayList<>(beans.getBeanDefinitions(DemoStep.class));
        steps.sort(Comparator.comparingInt(DemoPipeline::order));
        for (int i = 1; i < steps.size(); i++) {
            if (order(steps.get(i - 1)) == order(steps.get(i))) {
                throw new IllegalStateException("demo steps " + steps.get(i - 1).getBeanType().getName() + " and "
                        + steps.get(i).getBeanType().getName() + " have the same @Order, so their order is undefined");
            }
        }
        return steps;
    }

    private static int order(BeanDefinition<DemoStep> step) {
        return step.intValue(Order.class).orElseThrow(() -> new IllegalStateException("demo step "
                + step.getBeanType().getName() + " has no @Order: the demo runs its steps by it"));
    }
}
