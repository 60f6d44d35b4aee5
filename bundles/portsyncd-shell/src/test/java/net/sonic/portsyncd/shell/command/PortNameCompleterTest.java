package net.sonic.portsyncd.shell.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.api.sync.SyncStatus;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

class PortNameCompleterTest {

    @Test
    void completesKnownPortNamesByPrefix() {
        PortNameCompleter completer = new PortNameCompleter();
        completer.sync = new PortsOnly(List.of("Ethernet0", "Ethernet4", "Ethernet40", "PortChannel1"));

        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing("Ethernet4"), candidates);

        assertThat(candidates).map(String::trim).containsExactlyInAnyOrder("Ethernet4", "Ethernet40");
    }

    @Test
    void offersNothingWithoutTheSyncEngine() {
        List<String> candidates = new ArrayList<>();
        int position = new PortNameCompleter().complete(null, typing("Eth"), candidates);

        assertThat(candidates).isEmpty();
        assertThat(position).isEqualTo(-1);
    }

    /** The command line "portsyncd:ports <prefix>" with the cursor at its end. */
    private static CommandLine typing(String prefix) {
        String buffer = "portsyncd:ports " + prefix;
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return prefix;
            }

            @Override
            public int getArgumentPosition() {
                return prefix.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {"portsyncd:ports", prefix};
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
    }

    private record PortsOnly(List<String> names) implements PortSyncService {
        @Override
        public SyncStatus status() {
            throw new UnsupportedOperationException("completion reads ports only");
        }

        @Override
        public List<PortView> ports() {
            return names.stream().map(name -> new PortView(name, 1, true, true, 9100, 0)).toList();
        }

        @Override
        public CompletionStage<ResyncResult> resync() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("completion reads ports only"));
        }

        @Override
        public boolean saveStateNow() {
            return false;
        }
    }
}
