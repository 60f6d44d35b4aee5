package net.sonic.portsyncd.itests;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam, with a new container when the harness itself failed before any test ran: Pax Exam could not install
 * its test probe because Karaf was still finishing its boot-feature deployment ("Resolver hook prevented
 * resolution"), or its remote bundle context never answered. Every other failure, and any failure once a test has
 * started, is reported as it is; the last attempt reports everything.
 */
public final class ContainerRunner extends Runner {
    private static final int ATTEMPTS = 3;
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
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            AtomicBoolean testStarted = new AtomicBoolean();
            AtomicBoolean probeRace = new AtomicBoolean();
            boolean lastAttempt = attempt == ATTEMPTS;
            int next = attempt + 1;
            RunNotifier attemptNotifier = new RunNotifier();
            attemptNotifier.addListener(new RunListener() {
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
                    if (!lastAttempt && !testStarted.get() && isProbeRace(failure.getException())) {
                        probeRace.set(true);
                        System.err.println("Pax Exam could not reach or prepare its container; new container ("
                                + testClass.getSimpleName() + ", attempt " + next + ")");
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
                new PaxExam(testClass).run(attemptNotifier);
            } catch (InitializationError e) {
                notifier.fireTestFailure(new Failure(description, e));
                return;
            }
            if (!probeRace.get()) {
                return;
            }
        }
    }

    private static boolean isProbeRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Bundle cannot be installed") || message.contains("Resolver hook prevented resolution")
                    || message.contains("Cannot get the remote bundle context")) {
                return true;
            }
        }
        return false;
    }
}
