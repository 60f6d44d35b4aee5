package net.sonic.portsyncd.api.db;

/** swss-common's WarmStart, on STATE_DB WARM_RESTART_ENABLE_TABLE / WARM_RESTART_TABLE. */
public interface WarmStart {

    /**
     * checkWarmStart(app, docker, incr=true) exactly as the reference: reads the system then the docker enable
     * flag; cold writes restore_count 0; warm without restore_count falls back to cold and writes 0; warm
     * otherwise increments restore_count.
     */
    WarmStartCheck checkWarmStart(String app, String docker);

    /** HSET WARM_RESTART_TABLE|app state &lt;state&gt;. */
    void setWarmStartState(String app, WarmStartState state);
}
