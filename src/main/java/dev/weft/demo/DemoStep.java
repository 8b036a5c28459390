package dev.weft.demo;

/**
 * One step of {@code weft demo}: a bean that does its part on the demo warehouse and prints what it made.
 * {@link DemoPipeline} finds every step bean and runs them by their {@link io.micronaut.core.annotation.Order}
 * (ascending, 100 apart so that a step can go between two), so a new step is one class in this package.
 */
public interface DemoStep {

    /** A short title, printed before the step runs, e.g. "seed raw data". */
    String title();

    void run(DemoRun run);
}
