package net.sonic.portsyncd.shell;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.CommandException;

/** The operations of {@code portsyncd:warm-restart <action>}. */
public enum WarmRestartAction {
    FORCE_COMPLETE("force-complete", false),
    SAVE_STATE("save-state", false),
    ROTATE("rotate", false),
    SET_TIMEOUT("set-timeout", true);

    private final String commandName;
    private final boolean takesValue;

    WarmRestartAction(String commandName, boolean takesValue) {
        this.commandName = commandName;
        this.takesValue = takesValue;
    }

    public String commandName() {
        return commandName;
    }

    public boolean takesValue() {
        return takesValue;
    }

    public static WarmRestartAction parse(String name) throws CommandException {
        for (WarmRestartAction action : values()) {
            if (action.commandName.equals(name)) {
                return action;
            }
        }
        throw new CommandException("Unknown action " + ShellArguments.echo(String.valueOf(name)) + "; expected one of: "
                + Arrays.stream(values()).map(a -> a.takesValue ? a.commandName + " <seconds>" : a.commandName)
                        .collect(Collectors.joining(", ")));
    }
}
