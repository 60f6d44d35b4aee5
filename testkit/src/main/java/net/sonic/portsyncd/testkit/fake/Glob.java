package net.sonic.portsyncd.testkit.fake;

/** Redis's glob matching (util.c stringmatchlen) for SCAN MATCH: {@code * ? [abc] [^a-z]} and {@code \} escapes. */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            switch (c) {
                case '*' -> {
                    while (p + 1 < pattern.length() && pattern.charAt(p + 1) == '*') {
                        p++;
                    }
                    for (int from = t; from <= text.length(); from++) {
                        if (matches(pattern, p + 1, text, from)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (t >= text.length()) {
                        return false;
                    }
                    t++;
                }
                case '[' -> {
                    if (t >= text.length()) {
                        return false;
                    }
                    int end = classEnd(pattern, p);
                    if (!inClass(pattern, p + 1, end, text.charAt(t))) {
                        return false;
                    }
                    p = end;
                    t++;
                }
                default -> {
                    if (c == '\\' && p + 1 < pattern.length()) {
                        c = pattern.charAt(++p);
                    }
                    if (t >= text.length() || text.charAt(t) != c) {
                        return false;
                    }
                    t++;
                }
            }
            p++;
        }
        return t == text.length();
    }

    /** Index of the class's closing bracket (or the pattern's last character when it is unterminated, as in Redis). */
    private static int classEnd(String pattern, int open) {
        int i = open + 1;
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            i += pattern.charAt(i) == '\\' && i + 1 < pattern.length() ? 2 : 1;
        }
        return Math.min(i, pattern.length() - 1);
    }

    private static boolean inClass(String pattern, int from, int end, char c) {
        boolean negate = from < end && pattern.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean match = false;
        while (i < end) {
            char first = pattern.charAt(i);
            if (first == '\\' && i + 1 < end) {
                match |= pattern.charAt(i + 1) == c;
                i += 2;
            } else if (i + 2 < end && pattern.charAt(i + 1) == '-') {
                char last = pattern.charAt(i + 2);
                char low = (char) Math.min(first, last);
                char high = (char) Math.max(first, last);
                match |= c >= low && c <= high;
                i += 3;
            } else {
                match |= first == c;
                i++;
            }
        }
        return negate != match;
    }
}
