package net.sonic.portsyncd.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam with a fresh container for a class that failed, like Surefire's rerun of flaky tests. The known race
 * (the probe installed while Karaf's boot deployment holds its resolver hook) is closed by booting our features in
 * a stage of their own ({@link ContainerFixture}); what remains is a container that never comes up on a machine
 * busy enough to miss Pax Exam's start timeout. A class gets at most
 * {@value #ATTEMPTS} containers; the failures of every earlier attempt are printed, and the last attempt reports
 * everything, so a failure that happens every time still fails the build.
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
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            List<Consumer<RunNotifier>> events = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            if (!runOnce(recordingNotifier(events, failures), notifier)) {
                return;
            }
            if (failures.isEmpty()) {
                events.forEach(event -> event.accept(notifier));
                return;
            }
            for (Failure failure : failures) {
                System.err.println("[" + testClass.getSimpleName() + " attempt " + attempt + " of " + ATTEMPTS
                        + ", new container next] " + failure.getTestHeader() + ": " + failure.getTrace());
            }
            ContainerFixture.killLeftoverContainers();
        }
        runOnce(notifier, notifier);
        ContainerFixture.killLeftoverContainers();
    }

    /**
     * Runs the class in a new container; false when Pax Exam could not even be set up (already reported). A
     * container that never came up (Pax Exam throws instead of reporting) counts as a failed attempt.
     */
    private boolean runOnce(RunNotifier target, RunNotifier reportTo) {
        try {
            new PaxExam(testClass).run(target);
            return true;
        } catch (InitializationError e) {
            reportTo.fireTestFailure(new Failure(description, e));
            return false;
        } catch (RuntimeException e) {
            target.fireTestFailure(new Failure(description, e));
            return true;
        }
    }

    private static RunNotifier recordingNotifier(List<Consumer<RunNotifier>> events, List<Failure> failures) {
        RunNotifier recording = new RunNotifier();
        recording.addListener(new RunListener() {
            @Override
            public void testStarted(Description test) {
                events.add(n -> n.fireTestStarted(test));
            }

            @Override
            public void testFinished(Description test) {
                events.add(n -> n.fireTestFinished(test));
            }

            @Override
            public void testFailure(Failure failure) {
                failures.add(failure);
                events.add(n -> n.fireTestFailure(failure));
            }

            @Override
            public void testAssumptionFailure(Failure failure) {
                events.add(n -> n.fireTestAssumptionFailed(failure));
            }

            @Override
            public void testIgnored(Description test) {
                events.add(n -> n.fireTestIgnored(test));
            }
        });
        return recording;
    }
}
