package net.sonic.portsyncd.itests;

import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * The {@link DrillSwitch} of one test class: booted before its first test and stopped after its last (its files
 * kept for a look when a test or the class's set-up failed); {@link #eachDrill()} brings it back to its starting point
 * before every test.
 *
 * <pre>
 * &#64;ClassRule public static final DrillContainer DRILL = new DrillContainer();
 * &#64;Rule public final TestRule eachDrill = DRILL.eachDrill();
 * </pre>
 */
final class DrillContainer implements TestRule {
    private DrillSwitch drill;
    private boolean failed;

    DrillSwitch get() {
        if (drill == null) {
            throw new IllegalStateException("the drill switch is not booted");
        }
        return drill;
    }

    @Override
    public Statement apply(Statement drills, Description testClass) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                drill = DrillSwitch.boot(testClass.getTestClass().getSimpleName());
                try {
                    drills.evaluate();
                } catch (Throwable e) {
                    // a class's own set-up (@BeforeClass) failed on the booted switch
                    failed = true;
                    throw e;
                } finally {
                    drill.close(failed);
                    drill = null;
                }
            }
        };
    }

    TestRule eachDrill() {
        return (test, description) -> new Statement() {
            @Override
            public void evaluate() throws Throwable {
                try {
                    get().heal();
                    test.evaluate();
                } catch (Throwable e) {
                    failed = true;
                    get().dumpThreads();
                    throw e;
                }
            }
        };
    }
}
