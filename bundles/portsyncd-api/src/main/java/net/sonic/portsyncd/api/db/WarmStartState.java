package net.sonic.portsyncd.api.db;

/** swss-common warmStartStateNameMap. */
public enum WarmStartState {
    INITIALIZED("initialized"),
    RESTORED("restored"),
    REPLAYED("replayed"),
    RECONCILED("reconciled"),
    DISABLED("disabled"),
    UNKNOWN("unknown");

    private final String wireName;

    WarmStartState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
