package com.ecsprovisioner.console;

/**
 * Text from outside (a server's output, a user's input) made safe to show: HTML escaping is Faces' job, this is
 * what escaping leaves. Control characters could move or erase what is shown in a copied log, and bidirectional
 * overrides make a line read differently from what it says ({@code rm -rf /} shown as something harmless); both
 * are replaced by a visible mark. Long text is cut, so that an input of megabytes is not sent back whole.
 */
public final class ConsoleText {

    /** Shown instead of a neutralised character. */
    static final char MARK = '\uFFFD';
    static final int LONGEST_ECHO = 300;

    private ConsoleText() {
    }

    public static String neutralised(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\t' || c == '\n' || !(Character.isISOControl(c) || isBidiControl(c))) {
                out.appendCodePoint(c);
            } else {
                out.append(MARK);
            }
        });
        return out.toString();
    }

    /** At most {@link #LONGEST_ECHO} characters of the text, saying how much was left out. */
    public static String excerpt(String text) {
        if (text == null || text.length() <= LONGEST_ECHO) {
            return text;
        }
        return text.substring(0, LONGEST_ECHO) + "… (" + (text.length() - LONGEST_ECHO) + " more characters)";
    }

    /** The embedding, override and isolate controls of Unicode's bidirectional algorithm, and the implicit marks. */
    static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }
}
