package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.Script;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;

/**
 * A batch's Redis work in one round trip, for APPL_DB and STATE_DB on the same Redis instance: a Lua script run on
 * the STATE_DB connection does, message by message in kernel order, what the reference does with one command each
 * (the APPL_DB existence check, then the HSET of portsyncd's fields or the DEL). SELECT inside a script leaves the
 * connection's database alone. A command Redis refuses costs only its own message, as in the reference.
 *
 * <p>Replies, one per message: {@link #WRITTEN}, {@link #DELETED}, {@link #UNKNOWN_PORT}, or the error of the
 * refused command.
 */
final class StateWriteScript {
    static final long UNKNOWN_PORT = 0;
    static final long WRITTEN = 1;
    static final long DELETED = 2;

    // APPL_DB does not change while a script runs, so a port's row is looked up once per batch
    static final Script SCRIPT = new Script("portsyncd-state-writes", """
            -- ARGV: APPL_DB id, STATE_DB id, field count F, the F field names, then per message 'del', or 'set' and F values
            -- KEYS: per message its APPL_DB PORT_TABLE key, then its STATE_DB PORT_TABLE key
            local appl, state, width = ARGV[1], ARGV[2], tonumber(ARGV[3])
            local inAppl = {}
            local replies = {}
            local arg = 4 + width
            for k = 1, #KEYS, 2 do
                local row = KEYS[k + 1]
                local reply
                if ARGV[arg] == 'del' then
                    reply = redis.pcall('DEL', row)
                    if type(reply) == 'number' then reply = 2 end
                    arg = arg + 1
                else
                    local exists = inAppl[KEYS[k]]
                    if exists == nil then
                        redis.call('SELECT', appl)
                        exists = redis.call('EXISTS', KEYS[k]) == 1
                        redis.call('SELECT', state)
                        inAppl[KEYS[k]] = exists
                    end
                    if exists then
                        local hset = {'HSET', row}
                        for i = 1, width do
                            hset[2 * i + 1] = ARGV[3 + i]
                            hset[2 * i + 2] = ARGV[arg + i]
                        end
                        reply = redis.pcall(unpack(hset))
                        if type(reply) == 'number' then reply = 1 end
                    else
                        reply = 0
                    end
                    arg = arg + 1 + width
                end
                if type(reply) == 'table' then reply = reply.err end
                replies[#replies + 1] = reply
            end
            return replies
            """, true);

    private StateWriteScript() {
    }

    /** The KEYS of a batch: per message its APPL_DB existence key and its STATE_DB row. */
    static List<String> keys(DbInfo appl, DbInfo state, List<LinkEvent> messages) {
        List<String> keys = new ArrayList<>(messages.size() * 2);
        for (LinkEvent message : messages) {
            keys.add(appl.key(RedisSession.APPL_PORT_TABLE, message.name()));
            keys.add(state.key(StateRow.TABLE, message.name()));
        }
        return keys;
    }

    /** The ARGV of a batch: database ids, the field names once, then per message its operation and values. */
    static List<String> args(DbInfo appl, DbInfo state, List<LinkEvent> messages) {
        List<String> fieldNames = StateRow.FIELD_NAMES;
        List<String> args = new ArrayList<>(3 + fieldNames.size() + messages.size() * (1 + fieldNames.size()));
        args.add(Integer.toString(appl.id()));
        args.add(Integer.toString(state.id()));
        args.add(Integer.toString(fieldNames.size()));
        args.addAll(fieldNames);
        for (LinkEvent message : messages) {
            if (message.type() == LinkMessageType.DEL_LINK) {
                args.add("del");
            } else {
                args.add("set");
                Map<String, String> fields = StateRow.fieldsOf(message);
                for (String name : fieldNames) {
                    args.add(fields.get(name));
                }
            }
        }
        return args;
    }
}
