package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;

/** Which failures give a class a new container: only those that say the container did not come up. */
public class ContainerAttemptTest {
    private static final Description CLASS = Description.createSuiteDescription(ContainerAttemptTest.class);
    private static final Description TEST = Description.createTestDescription(ContainerAttemptTest.class, "aTest");

    private final List<String> reported = new ArrayList<>();
    private final ContainerAttempt attempt = new ContainerAttempt(ContainerAttemptTest.class, recording());

    @Test
    public void aClassFailureBeforeAnyTestMeansTheContainerDidNotComeUp() {
        attempt.notifier().fireTestFailure(new Failure(CLASS, new RuntimeException("Cannot get the remote bundle context")));
        assertEquals(1, attempt.bootFailures().size());
        assertTrue("nothing reported yet: " + reported, reported.isEmpty());
    }

    @Test
    public void anExceptionBeforeAnyTestMeansTheContainerDidNotComeUp() {
        attempt.thrown(new Failure(CLASS, new IllegalStateException("container never came up")));
        assertEquals(1, attempt.bootFailures().size());
        assertTrue(reported.isEmpty());
    }

    @Test
    public void anAssertionInATestIsReportedAndNeverRetried() {
        attempt.notifier().fireTestStarted(TEST);
        attempt.notifier().fireTestFailure(new Failure(TEST, new AssertionError("STATE_DB row deleted")));
        attempt.notifier().fireTestFinished(TEST);
        assertTrue(attempt.bootFailures().isEmpty());
        assertEquals(List.of("started aTest", "failed aTest", "finished aTest"), reported);
    }

    @Test
    public void aClassFailureOnceATestStartedIsReportedAndNeverRetried() {
        attempt.notifier().fireTestStarted(TEST);
        attempt.notifier().fireTestFinished(TEST);
        attempt.notifier().fireTestFailure(new Failure(CLASS, new RuntimeException("container died")));
        attempt.thrown(new Failure(CLASS, new RuntimeException("stop failed")));
        assertTrue(attempt.bootFailures().isEmpty());
        assertEquals(4, reported.size());
    }

    private RunNotifier recording() {
        RunNotifier notifier = new RunNotifier();
        notifier.addListener(new RunListener() {
            @Override
            public void testStarted(Description description) {
                reported.add("started " + name(description));
            }

            @Override
            public void testFinished(Description description) {
                reported.add("finished " + name(description));
            }

            @Override
            public void testFailure(Failure failure) {
                reported.add("failed " + name(failure.getDescription()));
            }
        });
        return notifier;
    }

    private static String name(Description description) {
        return description.getMethodName() == null ? description.getClassName() : description.getMethodName();
    }
}
