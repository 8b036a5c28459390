package dev.weft.demo;

import io.micronaut.context.BeanContext;
import jakarta.inject.Singleton;

import java.util.List;

/** Runs the demo's steps in order on one warehouse, each step printing what it made. */
@Singleton
public class DemoPipeline {

    /** The steps of {@code weft demo}, in order. A feature adds its step (a {@link DemoStep} bean) with one line here. */
    static final List<Class<? extends DemoStep>> STEPS = List.of(
            SeedStep.class,
            dev.weft.audiences.AudiencesDemoStep.class);

    private final BeanContext beans;

    public DemoPipeline(BeanContext beans) {
        this.beans = beans;
    }

    public void run(DemoRun run) {
        int n = 0;
        for (Class<? extends DemoStep> type : STEPS) {
            DemoStep step = beans.getBean(type);
            run.out().printf("[%d/%d] %s%n", ++n, STEPS.size(), step.title());
            step.run(run);
        }
    }
}
