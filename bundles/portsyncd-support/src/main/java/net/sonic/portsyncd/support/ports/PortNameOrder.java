package net.sonic.portsyncd.support.ports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which SONiC lists ports: its CLI sorts names with Python's {@code natsort.natsorted}, which splits a
 * name into alternating text and number chunks ({@code Ethernet100} is {@code ("Ethernet", 100)}) and compares them
 * chunk by chunk, text as text and numbers by value. So {@code Ethernet4} comes before {@code Ethernet100}, and
 * {@code Ethernet1/2} before {@code Ethernet1/10}. Names natsort finds equal ({@code Ethernet01}, {@code Ethernet1})
 * are ordered by their characters, so the order is total and consistent with {@link String#equals}.
 */
public final class PortNameOrder implements Comparator<String> {
    /** The order of SONiC's {@code show interfaces} and of everything portsyncd lists. */
    public static final Comparator<String> NATURAL = new PortNameOrder();

    private PortNameOrder() {
    }

    @Override
    public int compare(String left, String right) {
        List<String> leftChunks = chunks(left);
        List<String> rightChunks = chunks(right);
        int common = Math.min(leftChunks.size(), rightChunks.size());
        for (int i = 0; i < common; i++) {
            // chunks alternate text, number, text, ... in both lists, so position i has the same kind in both
            int order = i % 2 == 0 ? leftChunks.get(i).compareTo(rightChunks.get(i))
                    : compareNumbers(leftChunks.get(i), rightChunks.get(i));
            if (order != 0) {
                return order;
            }
        }
        int order = Integer.compare(leftChunks.size(), rightChunks.size());
        return order != 0 ? order : left.compareTo(right);
    }

    /** Text first (empty when the name starts with a digit), then number, text, number, ... */
    private static List<String> chunks(String name) {
        List<String> chunks = new ArrayList<>(4);
        int start = 0;
        boolean digits = false;
        for (int i = 0; i <= name.length(); i++) {
            boolean boundary = i == name.length() || isDigit(name.charAt(i)) != digits;
            if (boundary) {
                chunks.add(name.substring(start, i));
                start = i;
                digits = !digits;
            }
        }
        return chunks;
    }

    /** Digit strings of any length, compared by value without overflow. */
    private static int compareNumbers(String left, String right) {
        String a = withoutLeadingZeros(left);
        String b = withoutLeadingZeros(right);
        int order = Integer.compare(a.length(), b.length());
        return order != 0 ? order : a.compareTo(b);
    }

    private static String withoutLeadingZeros(String digits) {
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        return digits.substring(first);
    }

    /** ASCII digits: SONiC port names are ASCII (natsort would read other Unicode decimal digits as numbers too). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
