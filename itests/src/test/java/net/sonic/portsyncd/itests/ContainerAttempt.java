package net.sonic.portsyncd.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;

/**
 * One run of a test class in a container: passes every event on to the real notifier as it happens, except the
 * failures that say the container did not come up — a failure of the class itself before any test started, or an
 * exception thrown before any test ran — which it keeps, so the class can be run again in a new container.
 */
final class ContainerAttempt {
    private final Class<?> testClass;
    private final RunNotifier target;
    private final RunNotifier forwarding = new RunNotifier();
    private final AtomicBoolean testStarted = new AtomicBoolean();
    private final List<Failure> bootFailures = new ArrayList<>();

    ContainerAttempt(Class<?> testClass, RunNotifier target) {
        this.testClass = testClass;
        this.target = target;
        forwarding.addListener(new RunListener() {
            @Override
            public void testStarted(Description test) {
                testStarted.set(true);
                target.fireTestStarted(test);
            }

            @Override
            public void testFinished(Description test) {
                target.fireTestFinished(test);
            }

            @Override
            public void testFailure(Failure failure) {
                failed(failure);
            }

            @Override
            public void testAssumptionFailure(Failure failure) {
                target.fireTestAssumptionFailed(failure);
            }

            @Override
            public void testIgnored(Description test) {
                target.fireTestIgnored(test);
            }
        });
    }

    /** The notifier to run the class with. */
    RunNotifier notifier() {
        return forwarding;
    }

    /** The run threw instead of reporting. */
    void thrown(Failure failure) {
        synchronized (bootFailures) {
            if (testStarted.get()) {
                target.fireTestFailure(failure);
            } else {
                bootFailures.add(failure);
            }
        }
    }

    /** Empty when the container came up: then everything, failures included, has been reported. */
    List<Failure> bootFailures() {
        synchronized (bootFailures) {
            return List.copyOf(bootFailures);
        }
    }

    private void failed(Failure failure) {
        Description failed = failure.getDescription();
        boolean classLevel = failed.getMethodName() == null && testClass.getName().equals(failed.getClassName());
        if (classLevel && !testStarted.get()) {
            synchronized (bootFailures) {
                bootFailures.add(failure);
            }
        } else {
            target.fireTestFailure(failure);
        }
    }
}
