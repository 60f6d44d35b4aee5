package net.sonic.portsyncd.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Zabbix server does with the values of a template's items, for the parts of Zabbix 6.0 the template uses:
 * the preprocessing steps, whether a value suits the item's type of information, and trigger expressions on the
 * latest values. Anything outside those parts is refused, so that a template cannot use what this cannot check.
 */
final class ZabbixServerRules {
    /** The preprocessing steps this applies as the Zabbix server does. */
    static final Set<String> STEPS = Set.of("BOOL_TO_DECIMAL", "MULTIPLIER", "DISCARD_UNCHANGED_HEARTBEAT", "JSONPATH");
    /** The Zabbix 6.0 history functions trigger expressions may use, each evaluated on one poll's values. */
    static final Set<String> FUNCTIONS = Set.of("last", "min", "max", "count", "nodata");
    /** The JSONPath form the template's dependent items use: how many rows have a field of a given value. */
    private static final Pattern ROWS_WHERE = Pattern.compile("\\$\\[\\?\\(@\\.([A-Za-z]+) == \"([^\"]*)\"\\)]\\.length\\(\\)");
    private static final BigInteger UNSIGNED_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZabbixServerRules() {
    }

    /** The item's preprocessing applied to one value, as the Zabbix server applies it. */
    static String preprocess(ZabbixTemplate.Item item, String value) {
        String result = value;
        for (ZabbixTemplate.Step step : item.preprocessing()) {
            switch (step.type()) {
                case "BOOL_TO_DECIMAL" -> result = booleanToDecimal(item, result);
                case "MULTIPLIER" -> result = new BigDecimal(result).multiply(new BigDecimal(step.parameters().get(0)))
                        .stripTrailingZeros().toPlainString();
                case "JSONPATH" -> result = rowsWhere(item, step.parameters().get(0), result);
                case "DISCARD_UNCHANGED_HEARTBEAT" -> {
                    // keeps a first value
                }
                default -> throw new AssertionError(item.key() + ": preprocessing " + step.type() + " is not checked");
            }
        }
        return result;
    }

    /** Why Zabbix would refuse {@code value} for the item's type of information, or null when it takes it. */
    static String typeProblem(ZabbixTemplate.Item item, String value) {
        switch (item.valueType()) {
            case "UNSIGNED":
                if (!value.matches("[0-9]+")) {
                    return "not an unsigned integer";
                }
                return new BigInteger(value).compareTo(UNSIGNED_MAX) > 0 ? "above 2^64-1" : null;
            case "FLOAT":
                try {
                    double number = Double.parseDouble(value);
                    return Double.isFinite(number) && Math.abs(number) < 1e305 ? null : "out of Zabbix's range";
                } catch (NumberFormatException e) {
                    return "not a number";
                }
            case "CHAR":
                return value.length() <= 255 ? null : "longer than 255 characters";
            case "TEXT":
                return null;
            default:
                return "type of information " + item.valueType() + " is not checked";
        }
    }

    /**
     * Whether a trigger expression fires on the values of one poll, as Zabbix evaluates it when that poll is the only
     * value in the period: {@code last}, {@code min} and {@code max} are the value, {@code count} is 1 and
     * {@code nodata} 0 for an item that has one; comparisons, {@code and} and {@code or} as in Zabbix.
     *
     * @param latest the latest value of each item key, after preprocessing
     * @param macros the values of the user macros
     */
    static boolean fires(String expression, Map<String, String> latest, Map<String, String> macros) {
        return new Expression(expression, latest, macros).evaluate().signum() != 0;
    }

    /** Every {@code /host/key} item reference of a trigger expression, as {host, key}. */
    static List<String[]> itemReferences(String expression) {
        List<String[]> references = new ArrayList<>();
        int at = 0;
        while ((at = expression.indexOf("(/", at)) >= 0) {
            int hostEnd = expression.indexOf('/', at + 2);
            int keyEnd = keyEnd(expression, hostEnd + 1);
            references.add(new String[] {expression.substring(at + 2, hostEnd), expression.substring(hostEnd + 1, keyEnd)});
            at = keyEnd;
        }
        return references;
    }

    /** Where an item key starting at {@code start} ends: its parameters in brackets may hold quoted commas. */
    private static int keyEnd(String text, int start) {
        int end = start;
        while (end < text.length() && "[,)".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end < text.length() && text.charAt(end) == '[') {
            boolean quoted = false;
            for (end++; end < text.length(); end++) {
                char c = text.charAt(end);
                if (c == '\\' && quoted) {
                    end++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    return end + 1;
                }
            }
        }
        return end;
    }

    private static String booleanToDecimal(ZabbixTemplate.Item item, String value) {
        return switch (value.toLowerCase()) {
            case "true", "t", "yes", "y", "on", "up", "running", "enabled", "available", "ok", "master" -> "1";
            case "false", "f", "no", "n", "off", "down", "unused", "disabled", "unavailable", "err", "slave" -> "0";
            default -> throw new AssertionError(item.key() + ": '" + value + "' is not a boolean to Zabbix");
        };
    }

    private static String rowsWhere(ZabbixTemplate.Item item, String path, String value) {
        Matcher form = ROWS_WHERE.matcher(path);
        if (!form.matches()) {
            throw new AssertionError(item.key() + ": JSONPath " + path + " is not of the form checked here");
        }
        JsonNode rows;
        try {
            rows = JSON.readTree(value);
        } catch (IOException e) {
            throw new AssertionError(item.key() + ": the master item's value is not JSON: " + value, e);
        }
        if (!rows.isArray()) {
            throw new AssertionError(item.key() + ": the master item's value is not a JSON array: " + value);
        }
        int count = 0;
        for (JsonNode row : rows) {
            JsonNode field = row.get(form.group(1));
            if (field != null && field.isTextual() && field.asText().equals(form.group(2))) {
                count++;
            }
        }
        return Integer.toString(count);
    }

    /** A recursive-descent reading of the expression forms {@link #fires} accepts. */
    private static final class Expression {
        private final String text;
        private final Map<String, String> latest;
        private final Map<String, String> macros;
        private int at;

        Expression(String text, Map<String, String> latest, Map<String, String> macros) {
            this.text = text;
            this.latest = latest;
            this.macros = macros;
        }

        BigDecimal evaluate() {
            BigDecimal value = or();
            skipSpaces();
            if (at != text.length()) {
                throw new AssertionError("cannot read '" + text.substring(at) + "' of " + text);
            }
            return value;
        }

        private BigDecimal or() {
            BigDecimal value = and();
            while (word("or")) {
                BigDecimal right = and();
                value = truth(value.signum() != 0 || right.signum() != 0);
            }
            return value;
        }

        private BigDecimal and() {
            BigDecimal value = comparison();
            while (word("and")) {
                BigDecimal right = comparison();
                value = truth(value.signum() != 0 && right.signum() != 0);
            }
            return value;
        }

        private BigDecimal comparison() {
            BigDecimal left = operand();
            skipSpaces();
            for (String operator : List.of("<>", "<=", ">=", "=", "<", ">")) {
                if (text.startsWith(operator, at)) {
                    at += operator.length();
                    int order = left.compareTo(operand());
                    return truth(switch (operator) {
                        case "<>" -> order != 0;
                        case "<=" -> order <= 0;
                        case ">=" -> order >= 0;
                        case "=" -> order == 0;
                        case "<" -> order < 0;
                        default -> order > 0;
                    });
                }
            }
            return left;
        }

        private BigDecimal operand() {
            skipSpaces();
            if (text.startsWith("{$", at)) {
                int end = text.indexOf('}', at) + 1;
                String name = text.substring(at, end);
                at = end;
                String value = macros.get(name);
                if (value == null) {
                    throw new AssertionError("macro " + name + " has no value in " + text);
                }
                return new BigDecimal(value);
            }
            Matcher number = Pattern.compile("-?[0-9]+(\\.[0-9]+)?").matcher(text).region(at, text.length());
            if (number.lookingAt()) {
                at = number.end();
                return new BigDecimal(number.group());
            }
            Matcher function = Pattern.compile("([a-z]+)\\(/").matcher(text).region(at, text.length());
            if (!function.lookingAt() || !FUNCTIONS.contains(function.group(1))) {
                throw new AssertionError("cannot read '" + text.substring(at) + "' of " + text);
            }
            int hostEnd = text.indexOf('/', function.end());
            int keyEnd = keyEnd(text, hostEnd + 1);
            String key = text.substring(hostEnd + 1, keyEnd);
            at = text.indexOf(')', keyEnd) + 1;
            if (function.group(1).equals("nodata")) {
                return truth(!latest.containsKey(key));
            }
            if (function.group(1).equals("count")) {
                return truth(latest.containsKey(key));
            }
            String value = latest.get(key);
            if (value == null) {
                throw new AssertionError("no value of " + key + " for " + text);
            }
            return new BigDecimal(value);
        }

        private boolean word(String word) {
            skipSpaces();
            if (text.startsWith(word + " ", at)) {
                at += word.length() + 1;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }

        private static BigDecimal truth(boolean value) {
            return value ? BigDecimal.ONE : BigDecimal.ZERO;
        }
    }
}
