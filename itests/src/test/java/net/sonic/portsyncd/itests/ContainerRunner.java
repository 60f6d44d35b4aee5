package net.sonic.portsyncd.itests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
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

    /**
     * Runs the class in a new container, passing every event on as it happens except the failures that say the
     * container did not come up, which are returned instead (empty when it came up).
     */
    private List<Failure> runOnce(RunNotifier notifier) {
        List<Failure> bootFailures = new ArrayList<>();
        AtomicBoolean testStarted = new AtomicBoolean();
        RunNotifier forwarding = new RunNotifier();
        forwarding.addListener(new RunListener() {
            @Override
            public void testStarted(Description test) {
                testStarted.set(true);
                notifier.fireTestStarted(test);
            }

            @Override
            public void testFinished(Description test) {
                notifier.fireTestFinished(test);
            }

            @Override
            public void testFailure(Failure failure) {
                if (!testStarted.get() && isClassLevel(failure.getDescription())) {
                    bootFailures.add(failure);
                } else {
                    notifier.fireTestFailure(failure);
                }
            }

            @Override
            public void testAssumptionFailure(Failure failure) {
                notifier.fireTestAssumptionFailed(failure);
            }

            @Override
            public void testIgnored(Description test) {
                notifier.fireTestIgnored(test);
            }
        });
        try {
            new PaxExam(testClass).run(forwarding);
        } catch (InitializationError e) {
            // a configuration the class cannot even be set up with: no container would change that
            notifier.fireTestFailure(new Failure(description, e));
        } catch (RuntimeException e) {
            Failure failure = new Failure(description, e);
            if (testStarted.get()) {
                notifier.fireTestFailure(failure);
            } else {
                bootFailures.add(failure);
            }
        }
        return bootFailures;
    }

    private boolean isClassLevel(Description failed) {
        return failed.getMethodName() == null && testClass.getName().equals(failed.getClassName());
    }
}
