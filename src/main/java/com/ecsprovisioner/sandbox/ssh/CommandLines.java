package com.ecsprovisioner.sandbox.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line's grammar: words with single and double quotes and backslashes, and the operators {@code ;},
 * {@code &&}, {@code ||}, {@code >} and {@code >>}.
 */
final class CommandLines {

    private CommandLines() {
    }

    record Token(String text, boolean operator) {
        static Token word(String text) {
            return new Token(text, false);
        }

        static Token op(String text) {
            return new Token(text, true);
        }
    }

    /** Splits a command line into words and operators, honouring single and double quotes and backslashes. */
    static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `''");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `\"'");
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == ' ' || c == '\t') {
                inWord = flush(tokens, word, inWord);
                i++;
            } else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '>' || c == '<') {
                inWord = flush(tokens, word, inWord);
                String two = i + 1 < line.length() ? line.substring(i, i + 2) : "";
                String op = switch (two) {
                    case "&&", "||", ">>" -> two;
                    default -> c == '\n' ? ";" : String.valueOf(c);
                };
                tokens.add(Token.op(op));
                i += op.equals(";") && c == '\n' ? 1 : op.length();
            } else if (c == '#' && !inWord) {
                // A comment runs to the end of the line.
                int end = line.indexOf('\n', i);
                i = end < 0 ? line.length() : end;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        flush(tokens, word, inWord);
        return tokens;
    }

    private static boolean flush(List<Token> tokens, StringBuilder word, boolean inWord) {
        if (inWord) {
            tokens.add(Token.word(word.toString()));
            word.setLength(0);
        }
        return false;
    }
}
