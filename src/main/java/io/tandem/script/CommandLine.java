package io.tandem.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured command ({@code notify_master "/etc/keepalived/notify.sh master"}) into
 * argv the way keepalived does: words separated by blanks, single or double quotes group words,
 * a backslash escapes the next character. No shell is involved, so no shell expansion happens.
 */
public final class CommandLine {
    private CommandLine() {}

    public static List<String> split(String commandLine) {
        List<String> argv = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (c == '\\' && i + 1 < commandLine.length() && quote != '\'') {
                word = word == null ? new StringBuilder() : word;
                word.append(commandLine.charAt(++i));
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' || c == '\t') {
                if (word != null) {
                    argv.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            argv.add(word.toString());
        }
        return argv;
    }
}
