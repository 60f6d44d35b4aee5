package net.sonic.portsyncd.metrics.jmx;

/**
 * JMX clients (jconsole, Jolokia, an NMS) deserialize what an operation throws, and know only JDK classes. A
 * failure of a service behind an MBean is therefore passed on when its whole cause chain consists of JDK classes,
 * and otherwise replaced by an {@link IllegalStateException} carrying the messages and the stack trace.
 */
final class OperatorCalls {
    private OperatorCalls() {
    }

    /** Runs an operation of a service; its failure becomes portable. */
    static <T> T call(String action, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw portable(action, e);
        }
    }

    static RuntimeException portable(String action, Throwable failure) {
        if (jdkOnly(failure)) {
            return failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(action + " failed: " + failure.getMessage(), failure);
        }
        IllegalStateException replacement = new IllegalStateException(action + " failed: " + describe(failure));
        replacement.setStackTrace(failure.getStackTrace());
        return replacement;
    }

    private static boolean jdkOnly(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (!name.startsWith("java.") && !name.startsWith("javax.")) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
