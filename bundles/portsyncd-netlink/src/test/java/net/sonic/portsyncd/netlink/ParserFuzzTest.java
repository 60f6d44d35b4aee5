package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.testkit.NetNs;
import org.junit.jupiter.api.Test;

/**
 * A million mutations of real kernel messages (and of hand-built ones) through the parser, with a fixed seed: no
 * exception may escape, no input may hang it, and its counts must stay within what the input can hold.
 */
class ParserFuzzTest {
    private static final int INPUTS = Integer.getInteger("portsyncd.fuzz.cases",
            Boolean.getBoolean("portsyncd.long") ? 10_000_000 : 1_000_000);
    private static final long SEED = 0x5041_5253_4552L;
    private static final int[] BOUNDARY_VALUES = {0, 1, 3, 4, 15, 16, 17, 19, 20, 0x7fff, 0x8000, 0xffff, 0x10000,
        Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -16};

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        try (NetNs ns = NetNs.create("nlfuzz")) {
            ns.addTap("Ethernet0");
            ns.addVeth("veth0", "veth1");
            ns.addBridge("Bridge");
            KernelDatagrams kernel = KernelDatagrams.capture(ns, () -> {
                ns.ip("link", "set", "veth0", "master", "Bridge");
                ns.ip("link", "set", "veth0", "nomaster");
                ns.delete("Ethernet0");
            }, m -> m instanceof NetlinkMessage.Link link && link.event().name().equals("Ethernet0")
                    && link.event().type() == net.sonic.portsyncd.api.link.LinkMessageType.DEL_LINK);
            seeds.addAll(kernel.singleMessages());
        }
        seeds.add(Wire.message(Rtnetlink.NLMSG_DONE, Rtnetlink.NLM_F_MULTI, 7, Wire.u32(0)));
        seeds.add(Wire.message(Rtnetlink.NLMSG_ERROR, 0, 7, Wire.concat(Wire.u32(-19), new byte[16])));
        seeds.add(Wire.link(Rtnetlink.RTM_NEWLINK, 0, 0, 0, 3, "Ethernet4",
                Wire.attribute(Rtnetlink.IFLA_LINKINFO, Wire.attribute(Rtnetlink.IFLA_INFO_KIND, Wire.string("veth")))));
        return seeds;
    }

    @Test
    void aMillionMutatedInputsNeverEscapeNorHang() {
        List<byte[]> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThan(10);
        Random random = new Random(SEED);

        long[] totals = assertTimeoutPreemptively(Duration.ofSeconds(60 + INPUTS / 10_000), () -> {
            long messages = 0;
            long errors = 0;
            for (int i = 0; i < INPUTS; i++) {
                byte[] input = mutate(random, seeds);
                ParsedDatagram parsed;
                try {
                    parsed = NetlinkParser.parse(frame(random, input), i);
                } catch (RuntimeException e) {
                    throw new AssertionError("input #" + i + " escaped the parser: " + HexFormat.of().formatHex(input),
                            e);
                }
                int units = input.length / Rtnetlink.NLMSG_HDRLEN + 1;
                assertThat(parsed.messages().size() + parsed.errors() + parsed.ignored()).isLessThanOrEqualTo(units);
                for (NetlinkMessage message : parsed.messages()) {
                    if (message instanceof NetlinkMessage.Link link) {
                        LinkEvent event = link.event();
                        assertThat(event.name()).isNotEmpty();
                    }
                }
                messages += parsed.messages().size();
                errors += parsed.errors();
            }
            return new long[] {messages, errors};
        });

        assertThat(totals[0]).as("messages parsed").isPositive();
        assertThat(totals[1]).as("errors counted").isPositive();
    }

    /** Sometimes a direct buffer, sometimes the input inside a larger array: the parser must respect the window. */
    private static ByteBuffer frame(Random random, byte[] input) {
        switch (random.nextInt(3)) {
            case 0:
                return ByteBuffer.wrap(input);
            case 1: {
                ByteBuffer direct = ByteBuffer.allocateDirect(input.length);
                direct.put(input).flip();
                return direct;
            }
            default: {
                byte[] larger = new byte[input.length + 8];
                random.nextBytes(larger);
                System.arraycopy(input, 0, larger, 4, input.length);
                return ByteBuffer.wrap(larger, 4, input.length);
            }
        }
    }

    private static byte[] mutate(Random random, List<byte[]> seeds) {
        byte[] input = seeds.get(random.nextInt(seeds.size()));
        if (random.nextInt(4) == 0) {
            input = Wire.concat(input, seeds.get(random.nextInt(seeds.size())));
        }
        int operations = 1 + random.nextInt(3);
        for (int i = 0; i < operations; i++) {
            input = mutateOnce(random, input, seeds);
        }
        return input;
    }

    private static byte[] mutateOnce(Random random, byte[] input, List<byte[]> seeds) {
        switch (random.nextInt(6)) {
            case 0: {
                byte[] flipped = input.clone();
                for (int i = 0, n = 1 + random.nextInt(4); i < n && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            case 1: {
                if (input.length < 4) {
                    return input;
                }
                byte[] overwritten = input.clone();
                ByteBuffer buffer = ByteBuffer.wrap(overwritten).order(ByteOrder.nativeOrder());
                int value = random.nextBoolean() ? BOUNDARY_VALUES[random.nextInt(BOUNDARY_VALUES.length)]
                        : random.nextInt();
                int at = random.nextInt(overwritten.length - 3) & ~1;
                if (random.nextBoolean()) {
                    buffer.putShort(at, (short) value);
                } else {
                    buffer.putInt(Math.min(at, overwritten.length - 4), value);
                }
                return overwritten;
            }
            case 2: {
                byte[] truncated = new byte[random.nextInt(input.length + 1)];
                System.arraycopy(input, 0, truncated, 0, truncated.length);
                return truncated;
            }
            case 3: {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int head = random.nextInt(input.length + 1);
                int tail = random.nextInt(other.length + 1);
                byte[] spliced = new byte[head + other.length - tail];
                System.arraycopy(input, 0, spliced, 0, head);
                System.arraycopy(other, tail, spliced, head, other.length - tail);
                return spliced;
            }
            case 4: {
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                int at = random.nextInt(input.length + 1);
                byte[] grown = new byte[input.length + inserted.length];
                System.arraycopy(input, 0, grown, 0, at);
                System.arraycopy(inserted, 0, grown, at, inserted.length);
                System.arraycopy(input, at, grown, at + inserted.length, input.length - at);
                return grown;
            }
            default: {
                byte[] noise = new byte[random.nextInt(256)];
                random.nextBytes(noise);
                return noise;
            }
        }
    }
}
