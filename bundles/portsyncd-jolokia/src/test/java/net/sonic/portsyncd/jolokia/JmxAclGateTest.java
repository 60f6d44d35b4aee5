package net.sonic.portsyncd.jolokia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.jolokia.util.HttpMethod;
import org.jolokia.util.RequestType;
import org.junit.jupiter.api.Test;

class JmxAclGateTest {
    private final AtomicBoolean applied = new AtomicBoolean(true);
    private final JmxAclGate gate = new JmxAclGate(applied::get);

    @Test
    void opensOnlyWhileTheAclIsAppliedAndClosesAgainWhenItIsNot() throws Exception {
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        assertThat(everything(memory)).containsOnly(true);

        applied.set(false);
        assertThat(everything(memory)).containsOnly(false);

        applied.set(true);
        assertThat(everything(memory)).containsOnly(true);
    }

    @Test
    void neverAnswersAWebPageOfAnyOriginButAnswersAClientWithoutOne() {
        assertThat(gate.isOriginAllowed("http://127.0.0.1:8181", false)).isFalse();
        assertThat(gate.isOriginAllowed("https://nms.example", true)).isFalse();
        assertThat(gate.isOriginAllowed("null", true)).as("a sandboxed page").isFalse();
        assertThat(gate.isOriginAllowed(null, true)).as("no Origin header").isTrue();
    }

    private Boolean[] everything(ObjectName name) {
        return new Boolean[] {gate.isHttpMethodAllowed(HttpMethod.POST), gate.isTypeAllowed(RequestType.EXEC),
                gate.isAttributeReadAllowed(name, "HeapMemoryUsage"), gate.isAttributeWriteAllowed(name, "Verbose"),
                gate.isOperationAllowed(name, "gc"), gate.isRemoteAccessAllowed("127.0.0.1")};
    }
}
