package net.sonic.portsyncd.support.config;

/**
 * A value a configuration did not accept.
 *
 * @param pid      the configuration's PID
 * @param key      the key, as written in the .cfg file
 * @param value    the rejected value, quoted and made printable
 * @param required what the key accepts ("an integer from 1 to 1048576")
 * @param outcome  what is used instead ("keeping 16384", "using the default 16384")
 */
record Rejection(String pid, String key, String value, String required, String outcome) {

    /** A value in use, as the log line shows it: text quoted, numbers and flags bare. */
    static String shown(Object value) {
        return value instanceof String ? Printable.quoted(value) : String.valueOf(value);
    }
}
