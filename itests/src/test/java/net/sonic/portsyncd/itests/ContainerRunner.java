package net.sonic.portsyncd.itests;

import java.nio.file.Path;
import java.util.List;
import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam with a fresh container only when the container did not come up: Pax Exam reports that as a failure of
 * the class itself (the class-level description) before any test started, or throws before any test ran. A failure
 * once a test has started — an assertion, an error, a container that died under a test — is reported at once and
 * never retried, so a defect that shows once in three runs fails the build. A class gets at most {@value #ATTEMPTS}
 * containers; every retry is written to
 * {@code target/container-retries.txt} and printed.
 */
public final class ContainerRunner extends Runner {
    private static final int ATTEMPTS = 3;
    private static final ContainerRetries RETRIES = new ContainerRetries(Path.of("target", "container-retries.txt"));
    private final Class<?> testClass;
    private final Description description;

    public ContainerRunner(Class<?> testClass) throws InitializationError {
        this.testClass = testClass;
        this.description = new PaxExam(testClass).getDescription();
    }

    @Override
    public Description getDescription() {
        return description;
    }

    @Override
    public void run(RunNotifier notifier) {
        try {
            for (int attempt = 1; ; attempt++) {
                List<Failure> bootFailures = runOnce(notifier);
                if (bootFailures.isEmpty()) {
                    return;
                }
                if (attempt == ATTEMPTS) {
                    bootFailures.forEach(notifier::fireTestFailure);
                    return;
                }
                RETRIES.record(testClass, attempt, ATTEMPTS, bootFailures);
                ContainerFixture.killLeftoverContainers();
            }
        } finally {
            ContainerFixture.killLeftoverContainers();
        }
    }

    /** Runs the class in a new container; returns the failures that say it did not come up (else empty). */
    private List<Failure> runOnce(RunNotifier notifier) {
        ContainerAttempt attempt = new ContainerAttempt(testClass, notifier);
        try {
            new PaxExam(testClass).run(attempt.notifier());
        } catch (InitializationError e) {
            // a configuration the class cannot even be set up with: no container would change that
            notifier.fireTestFailure(new Failure(description, e));
        } catch (RuntimeException e) {
            attempt.thrown(new Failure(description, e));
        }
        return attempt.bootFailures();
    }
}
