package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the loader random and mutated files. Whatever the bytes, it either rejects them with a reason or returns
 * exactly a snapshot that was really saved: a damaged file is never accepted as something else.
 */
class LoaderFuzzTest {
    private static final long SEED = 0x5041_5254_5354_4154L;
    private static final int IN_MEMORY_CASES = Integer.getInteger("portsyncd.fuzz.cases",
            Boolean.getBoolean("portsyncd.long") ? 10_000_000 : 120_000);
    private static final int ON_DISK_CASES = 2_000;
    private static final String[] FIELDS = {"schema_version", "saved_at", "boot_id", "clean_shutdown", "port_init_done",
        "ports", "checksum", "ifindex", "admin", "oper", "flags", "mtu", "Ethernet0", "", "x"};
    private static final String[] TOKENS = {"0", "-1", "1", "2", "68", "65537", "2147483648", "-9223372036854775809",
        "1e309", "1.5", "-0", "null", "true", "false", "\"\"", "\"up\"", "\"down\"", "{}", "[]", "\"\\u0000\"",
        "\"Ethernet0\"", "[[[[[[[[[[", "}}}}", "\"\\ud800\"", "NaN"};

    @TempDir
    Path directory;

    @Test
    void randomAndMutatedBytesAreRejectedOrExactlyASavedSnapshot() throws Exception {
        List<PortStateSnapshot> saved = corpus();
        List<byte[]> files = new ArrayList<>();
        for (PortStateSnapshot snapshot : saved) {
            files.add(StateFileFormat.encode(snapshot));
        }
        Set<PortStateSnapshot> genuine = Set.copyOf(saved);
        SplittableRandom random = new SplittableRandom(SEED);
        int accepted = 0;
        long started = System.nanoTime();

        for (int i = 0; i < IN_MEMORY_CASES; i++) {
            byte[] input = fuzzCase(random, files);
            try {
                PortStateSnapshot snapshot = StateFileFormat.decode(input);
                assertThat(genuine).as("accepted case %d: %s", i, base64(input)).contains(snapshot);
                accepted++;
            } catch (InvalidStateFileException e) {
                assertThat(e.getMessage()).as("reason of case %d", i).isNotBlank().doesNotContain("\n");
            } catch (RuntimeException | Error e) {
                throw new AssertionError("case " + i + " escaped the loader: " + base64(input), e);
            }
        }

        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("loader fuzz: %,d cases in %,d ms, %,d accepted unchanged content%n", IN_MEMORY_CASES, millis,
                accepted);
        assertThat(accepted).as("mutations that keep the content (whitespace, splices) exist").isPositive();
    }

    @Test
    void damagedLiveFilesOnDiskAlwaysFallBackToTheBackup() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        PortStateSnapshot backedUp = Snapshots.ports(4, 1);
        try (StateFileStore store = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                new ManualClock(1_700_000_000_000L))) {
            store.save(backedUp);
            store.rotate();
            List<byte[]> files = List.of(StateFileFormat.encode(Snapshots.ports(16, 2)));
            for (int i = 0; i < ON_DISK_CASES; i++) {
                byte[] input = fuzzCase(random, files);
                Files.write(store.liveFile(), input);

                LoadOutcome outcome = store.load();

                assertThat(outcome.snapshot()).as("case %d: %s", i, base64(input)).isPresent();
                if (outcome.source().equals("live")) {
                    assertThat(outcome.snapshot().get()).isEqualTo(Snapshots.ports(16, 2));
                } else {
                    assertThat(outcome.snapshot().get()).isEqualTo(backedUp);
                    assertThat(outcome.rejections()).hasSize(1);
                }
            }
        }
    }

    private static List<PortStateSnapshot> corpus() {
        List<PortStateSnapshot> corpus = new ArrayList<>();
        corpus.add(new PortStateSnapshot(0, "", false, false, java.util.Map.of()));
        corpus.add(Snapshots.ports(1, 1));
        corpus.add(Snapshots.ports(8, 1_700_000_000_000L));
        corpus.add(Snapshots.ports(3, 5));
        corpus.add(Snapshots.withPort(new PortRecord("PortChannel01", Integer.MAX_VALUE, false, true, -1, -1)));
        return corpus;
    }

    private static byte[] fuzzCase(SplittableRandom random, List<byte[]> files) {
        byte[] base = files.get(random.nextInt(files.size()));
        return switch (random.nextInt(11)) {
            case 0 -> flipBits(random, base);
            case 1 -> overwriteBytes(random, base);
            case 2 -> insertBytes(random, base);
            case 3 -> deleteRange(random, base);
            case 4 -> duplicateRange(random, base);
            case 5 -> Arrays.copyOf(base, random.nextInt(base.length + 1));
            case 6 -> splice(random, base, files.get(random.nextInt(files.size())));
            case 7 -> replaceToken(random, base);
            case 8 -> randomBytes(random);
            case 9 -> randomJson(random).getBytes(StandardCharsets.UTF_8);
            default -> insertWhitespace(random, base);
        };
    }

    private static byte[] flipBits(SplittableRandom random, byte[] base) {
        byte[] out = base.clone();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private static byte[] overwriteBytes(SplittableRandom random, byte[] base) {
        byte[] out = base.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static byte[] insertBytes(SplittableRandom random, byte[] base) {
        int at = random.nextInt(base.length + 1);
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        return concat(Arrays.copyOf(base, at), extra, Arrays.copyOfRange(base, at, base.length));
    }

    private static byte[] deleteRange(SplittableRandom random, byte[] base) {
        int from = random.nextInt(base.length);
        int to = Math.min(base.length, from + 1 + random.nextInt(64));
        return concat(Arrays.copyOf(base, from), Arrays.copyOfRange(base, to, base.length));
    }

    private static byte[] duplicateRange(SplittableRandom random, byte[] base) {
        int from = random.nextInt(base.length);
        int to = Math.min(base.length, from + 1 + random.nextInt(128));
        return concat(Arrays.copyOf(base, to), Arrays.copyOfRange(base, from, base.length));
    }

    private static byte[] splice(SplittableRandom random, byte[] first, byte[] second) {
        return concat(Arrays.copyOf(first, random.nextInt(first.length + 1)),
                Arrays.copyOfRange(second, random.nextInt(second.length + 1), second.length));
    }

    private static byte[] replaceToken(SplittableRandom random, byte[] base) {
        String text = new String(base, StandardCharsets.UTF_8);
        int at = random.nextInt(text.length());
        int end = at;
        while (end < text.length() && ",:{}[]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return (text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(end))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insertWhitespace(SplittableRandom random, byte[] base) {
        String text = new String(base, StandardCharsets.UTF_8);
        int at = text.indexOf(',', random.nextInt(text.length()));
        return at < 0 ? base : (text.substring(0, at + 1) + " \n\t" + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] out = new byte[random.nextInt(512)];
        random.nextBytes(out);
        if (out.length > 0 && random.nextBoolean()) {
            out[0] = '{';
        }
        return out;
    }

    private static String randomJson(SplittableRandom random) {
        StringBuilder json = new StringBuilder();
        randomObject(random, json, 0);
        return json.toString();
    }

    private static void randomObject(SplittableRandom random, StringBuilder json, int depth) {
        json.append('{');
        int fields = random.nextInt(9);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":");
            randomValue(random, json, depth + 1);
        }
        json.append('}');
    }

    private static void randomValue(SplittableRandom random, StringBuilder json, int depth) {
        int kind = random.nextInt(depth > 3 ? 4 : 6);
        switch (kind) {
            case 0 -> json.append(random.nextLong(-3, 70_000));
            case 1 -> json.append(TOKENS[random.nextInt(TOKENS.length)]);
            case 2 -> json.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append('"');
            case 3 -> json.append(random.nextBoolean());
            case 4 -> randomObject(random, json, depth);
            default -> {
                json.append('[');
                for (int i = random.nextInt(4); i > 0; i--) {
                    randomValue(random, json, depth + 1);
                    json.append(i > 1 ? "," : "");
                }
                json.append(']');
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static String base64(byte[] input) {
        return Base64.getEncoder().encodeToString(input);
    }
}
